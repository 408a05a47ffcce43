package dev.nabla.examples;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One line of progress per epoch. On a terminal ({@link Mode#BAR}) the line is redrawn in place
 * with {@code \r} at most every 100 ms, {@code epoch  3/30  62% [=========>      ] 28/45  loss
 * 0.1234}, and ends with a newline; anywhere else ({@link Mode#PLAIN}: a file, a pipe, a CI log)
 * only the finished line is printed, once, with no control characters. Plain Java, no native
 * access (so no JDK 25 restricted-method warning).
 *
 * <pre>{@code
 * var line = new ProgressLine(System.out, ProgressLine.Mode.detect(), "epoch 1/30", loader.numBatches());
 * for (var b : loader) { ...; line.step(String.format("loss %.4f", loss)); }
 * line.finish(String.format("loss %.4f  test acc %.4f", loss, acc));
 * }</pre>
 */
final class ProgressLine {
  /** How progress is shown. */
  enum Mode {
    /** A bar redrawn in place with carriage returns: for terminals. */
    BAR,
    /** One finished line per task, no control characters: for files and pipes. */
    PLAIN,
    /** Nothing. */
    OFF;

    /**
     * The system property {@code nabla.progress} ({@code bar}, {@code plain} or {@code off}) if
     * set, else BAR when standard output is a terminal and PLAIN otherwise.
     */
    static Mode detect() {
      String p = System.getProperty("nabla.progress");
      if (p != null && !p.isBlank()) {
        try {
          return valueOf(p.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("nabla.progress must be bar, plain or off, got '" + p + "'");
        }
      }
      return isTerminal() ? BAR : PLAIN;
    }
  }

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final Mode mode;
  private final String task;
  private final int total;
  private int done;
  private long lastDraw = Long.MIN_VALUE;

  ProgressLine(PrintStream out, Mode mode, String task, int total) {
    this.out = out;
    this.mode = mode;
    this.task = task;
    this.total = total;
  }

  /** One unit of work done; {@code extra} (e.g. the running loss) follows the bar. */
  void step(String extra) {
    done++;
    if (mode != Mode.BAR) return;
    long now = System.nanoTime();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) return;
    lastDraw = now;
    out.print("\r" + line(extra));
    out.flush();
  }

  /** The task is finished: its final line, once, ending with a newline. */
  void finish(String extra) {
    if (mode == Mode.OFF) return;
    out.print((mode == Mode.BAR ? "\r" : "") + line(extra) + "\n");
    out.flush();
  }

  private String line(String extra) {
    int pct = total == 0 ? 100 : (int) (100L * done / total);
    String count = done + "/" + total;
    if (mode == Mode.PLAIN) return task + "  " + count + "  " + extra;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
    return String.format(Locale.ROOT, "%s %3d%% [%s] %s  %s", task, pct, bar, count, extra);
  }

  /**
   * Whether standard output is a terminal: {@code System.console()} exists and, from JDK 22 on
   * (where a console may exist for redirected output), {@code Console.isTerminal()} says so.
   */
  static boolean isTerminal() {
    Console c = System.console();
    if (c == null) return false;
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (NoSuchMethodException e) {
      return true; // JDK 17-21: a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
