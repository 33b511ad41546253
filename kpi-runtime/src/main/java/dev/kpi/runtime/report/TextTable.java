package dev.kpi.runtime.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for a terminal: a header, a rule under it, columns padded to their widest cell as a
 * terminal shows it (East Asian wide characters take two columns), text left and numbers right.
 */
public final class TextTable {
  /** Where a column's cells sit. */
  public enum Align {
    LEFT,
    RIGHT
  }

  private final List<String[]> rows = new ArrayList<>();
  private final Align[] aligns;

  private TextTable(String[] header, Align[] aligns) {
    this.rows.add(header);
    this.aligns = aligns;
  }

  /** The first column left (names), the others right (numbers), as the KPI tables have them. */
  public static TextTable namesThenNumbers(String... header) {
    Align[] aligns = new Align[header.length];
    Arrays.fill(aligns, Align.RIGHT);
    aligns[0] = Align.LEFT;
    return new TextTable(header, aligns);
  }

  /** Every column left: a listing of text. */
  public static TextTable text(String... header) {
    Align[] aligns = new Align[header.length];
    Arrays.fill(aligns, Align.LEFT);
    return new TextTable(header, aligns);
  }

  /** Columns aligned as given, one per header cell. */
  public static TextTable of(List<String> header, List<Align> aligns) {
    if (header.size() != aligns.size()) {
      throw new IllegalArgumentException(header.size() + " header cells but " + aligns.size() + " alignments");
    }
    return new TextTable(header.toArray(String[]::new), aligns.toArray(Align[]::new));
  }

  public TextTable row(String... cells) {
    if (cells.length != aligns.length) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + aligns.length + " columns");
    }
    rows.add(cells.clone());
    return this;
  }

  public TextTable row(List<String> cells) {
    return row(cells.toArray(String[]::new));
  }

  public void print(PrintStream out) {
    int[] widths = new int[aligns.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], width(row[i]));
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      String[] row = rows.get(r);
      for (int i = 0; i < row.length; i++) {
        String pad = " ".repeat(widths[i] - width(row[i]));
        line.append(aligns[i] == Align.LEFT ? row[i] + pad : pad + row[i]).append(i + 1 < row.length ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        out.println("-".repeat(Arrays.stream(widths).sum() + 2 * (widths.length - 1)));
      }
    }
  }

  /** Terminal columns: East Asian wide characters (漢字, カナ, full-width forms) take two. */
  static int width(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean wide =
          (cp >= 0x1100 && cp <= 0x115F)
              || (cp >= 0x2E80 && cp <= 0xA4CF)
              || (cp >= 0xAC00 && cp <= 0xD7A3)
              || (cp >= 0xF900 && cp <= 0xFAFF)
              || (cp >= 0xFE30 && cp <= 0xFE4F)
              || (cp >= 0xFF00 && cp <= 0xFF60)
              || (cp >= 0xFFE0 && cp <= 0xFFE6);
      width += wide ? 2 : 1;
      i += Character.charCount(cp);
    }
    return width;
  }
}
