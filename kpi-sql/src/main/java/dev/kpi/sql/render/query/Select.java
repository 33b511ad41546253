package dev.kpi.sql.render.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A SELECT built clause by clause. Items and conditions are expressions the dialect rendered;
 * the layout is this class's: a short select list stays on the SELECT line, a long one gets a
 * line per item; every join condition and every further WHERE condition gets its own line.
 */
public final class Select implements Query {
  private final List<String> items;
  private boolean distinct;
  private boolean itemPerLine;
  private String from;
  private final List<Join> joins = new ArrayList<>();
  private final List<String> where = new ArrayList<>();
  private int groupBy;
  private boolean oneLine;

  private Select(List<String> items) {
    this.items = List.copyOf(items);
  }

  public static Select of(List<String> items) {
    return new Select(items);
  }

  public static Select of(String... items) {
    return new Select(List.of(items));
  }

  public Select distinct() {
    distinct = true;
    return this;
  }

  /** One line per select item (a fact's aggregates, a mart's columns). */
  public Select itemPerLine() {
    itemPerLine = true;
    return this;
  }

  /** The whole SELECT on one line: for the short branches of a UNION. */
  public Select oneLine() {
    oneLine = true;
    return this;
  }

  public Select from(String table) {
    from = table;
    return this;
  }

  public Select leftJoin(String table, List<String> on) {
    joins.add(new Join("LEFT JOIN", table, List.copyOf(on)));
    return this;
  }

  public Select crossJoin(String table) {
    joins.add(new Join("CROSS JOIN", table, List.of()));
    return this;
  }

  /** Adds a condition; all of them must hold. */
  public Select where(String condition) {
    where.add(condition);
    return this;
  }

  /** GROUP BY the first {@code columns} select items. */
  public Select groupBy(int columns) {
    groupBy = columns;
    return this;
  }

  @Override
  public void writeTo(SqlWriter out) {
    String select = distinct ? "SELECT DISTINCT" : "SELECT";
    if (oneLine) {
      StringBuilder line = new StringBuilder(select).append(' ').append(String.join(", ", items));
      line.append(" FROM ").append(from);
      if (!where.isEmpty()) {
        line.append(" WHERE ").append(String.join(" AND ", where));
      }
      out.line(line.toString());
      return;
    }
    if (itemPerLine) {
      out.line(select);
      out.nested(
          () -> {
            for (int i = 0; i < items.size(); i++) {
              out.line(items.get(i) + (i + 1 < items.size() ? "," : ""));
            }
          });
    } else {
      out.line(select + " " + String.join(", ", items));
    }
    out.line("FROM " + from);
    for (Join join : joins) {
      out.line(join.kind() + " " + join.table());
      List<String> on = join.on();
      out.nested(
          () -> {
            for (int c = 0; c < on.size(); c++) {
              out.line((c == 0 ? "ON " : "AND ") + on.get(c));
            }
          });
    }
    for (int i = 0; i < where.size(); i++) {
      if (i == 0) {
        out.line("WHERE " + where.get(0));
      } else {
        String condition = where.get(i);
        out.nested(() -> out.line("AND " + condition));
      }
    }
    if (groupBy > 0) {
      List<String> ordinals = new ArrayList<>();
      for (int i = 1; i <= groupBy; i++) {
        ordinals.add(Integer.toString(i));
      }
      out.line("GROUP BY " + String.join(", ", ordinals));
    }
  }

  private record Join(String kind, String table, List<String> on) {}
}
