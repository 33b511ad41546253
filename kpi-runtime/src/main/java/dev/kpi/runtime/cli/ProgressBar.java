package dev.kpi.runtime.cli;

import dev.kpi.runtime.warehouse.Progress;
import java.io.PrintStream;

/** A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise. */
final class ProgressBar implements Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;

  ProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void update(int done, int total, String what) {
    int filled = total == 0 ? WIDTH : done * WIDTH / total;
    String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + what;
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, 20 - what.length())));
      if (done == total) {
        out.println();
      }
    } else {
      out.println("kpi: " + line);
    }
    out.flush();
  }
}
