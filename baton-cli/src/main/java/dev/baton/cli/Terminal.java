package dev.baton.cli;

import dev.baton.protocol.WorkflowStatus;

/**
 * What the output may use. On a terminal: ANSI colours and lines redrawn in place. Anywhere else (a
 * pipe, a file, CI logs): plain lines that are never rewritten, so the log reads top to bottom.
 */
final class Terminal {

  static final String CLEAR_LINE = "\r\033[2K";

  private final boolean interactive;
  private final boolean colour;

  Terminal(boolean interactive) {
    this.interactive = interactive;
    // https://no-color.org: any value turns colours off.
    this.colour = interactive && System.getenv("NO_COLOR") == null;
  }

  /** A terminal when stdout is one and it understands cursor movement. */
  static Terminal detect(boolean forcePlain) {
    boolean tty = !forcePlain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return new Terminal(tty);
  }

  boolean interactive() {
    return interactive;
  }

  /** Moves the cursor to the start of the line {@code lines} above and clears to the end. */
  String rewind(int lines) {
    return lines == 0 ? "\r\033[J" : "\033[" + lines + "F\033[J";
  }

  String bold(String text) {
    return colour ? "\033[1m" + text + "\033[0m" : text;
  }

  String dim(String text) {
    return colour ? "\033[2m" + text + "\033[0m" : text;
  }

  String status(WorkflowStatus status, String text) {
    if (!colour || status == null) {
      return text;
    }
    String code =
        switch (status) {
          case COMPLETED -> "32";
          case FAILED -> "31";
          case CANCELLED -> "35";
          case PAUSED -> "33";
          case RUNNING -> "36";
          case PENDING -> "37";
        };
    return "\033[" + code + "m" + text + "\033[0m";
  }

  /** Colours an event line by what it means: failures red, retries yellow, completions green. */
  String event(StatusRecord event, String text) {
    if (!colour) {
      return text;
    }
    return switch (event.type()) {
      case "WorkflowFailed", "CommandRejected" -> "\033[31m" + text + "\033[0m";
      case "TaskFailed", "TaskTimedOut", "WorkflowPaused", "TaskCancelled", "WorkflowCancelled" ->
          "\033[33m" + text + "\033[0m";
      case "WorkflowCompleted" -> "\033[32m" + text + "\033[0m";
      default -> text;
    };
  }

  /** {@code [#####.....]} in plain output, a solid bar on a terminal. */
  String bar(double fraction, int width) {
    double clamped = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(clamped * width);
    String done = (interactive ? "\u2588" : "#").repeat(filled);
    String todo = (interactive ? "\u2591" : ".").repeat(width - filled);
    return "[" + done + todo + "]";
  }
}
