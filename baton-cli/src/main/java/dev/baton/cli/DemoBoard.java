package dev.baton.cli;

import dev.baton.protocol.WorkflowStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo shows while it runs and at the end. On a terminal: events scroll by above a block
 * of progress bars, one per workflow, redrawn in place. Elsewhere: one timestamped line per event
 * and nothing is ever redrawn, so a log or a CI transcript reads top to bottom.
 */
final class DemoBoard {

  private static final int BAR_WIDTH = 16;
  private static final int EVENT_WIDTH = 44;

  private final PrintWriter out;
  private final Terminal terminal;
  private final Map<String, Row> rows = new LinkedHashMap<>();

  /** Wide enough for every workflow's name; rows are all added before the first render. */
  private int labelWidth = 12;

  private final List<String> pending = new ArrayList<>();
  private int blockLines;
  private long lastDrawn;

  DemoBoard(PrintWriter out, Terminal terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** One workflow on the board. */
  static final class Row {
    final DemoScenario scenario;
    final String instanceId;
    final int totalTasks;
    WorkflowStatus status = WorkflowStatus.PENDING;
    double progress;
    int retries;
    long startedAt;
    long endedAt;
    boolean paused;
    boolean resumed;
    String error;

    Row(DemoScenario scenario, String instanceId) {
      this.scenario = scenario;
      this.instanceId = instanceId;
      this.totalTasks = scenario.definition().taskCount();
    }

    boolean ended() {
      return status.isTerminal();
    }

    /** Ended as expected, and for a paused example, was really paused and resumed. */
    boolean asExpected() {
      return status == scenario.expected() && (!scenario.pauseAndResume() || (paused && resumed));
    }

    int done() {
      return (int) Math.round(progress * totalTasks);
    }

    String duration(long now) {
      if (startedAt == 0) {
        return "-";
      }
      return DurationText.format((endedAt > 0 ? endedAt : now) - startedAt);
    }
  }

  synchronized void add(DemoScenario scenario, String instanceId) {
    rows.put(instanceId, new Row(scenario, instanceId));
    labelWidth = Math.max(labelWidth, scenario.name().length() + 1);
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows.values());
  }

  synchronized Row row(String instanceId) {
    return rows.get(instanceId);
  }

  synchronized boolean allEnded() {
    return rows.values().stream().allMatch(Row::ended);
  }

  /** Takes an event of any instance; events of instances not on the board are ignored. */
  synchronized void onEvent(StatusRecord event) {
    Row row = rows.get(event.instanceId());
    if (row == null) {
      return;
    }
    if (event.status() != null && !row.ended()) {
      row.status = event.status();
    }
    if (event.progress() != null && !row.ended()) {
      row.progress = event.progress();
    }
    switch (event.type()) {
      case "WorkflowStarted" -> row.startedAt = event.timestamp();
      case "WorkflowPaused" -> row.paused = true;
      case "WorkflowResumed" -> row.resumed = true;
      case "TaskDispatched" -> row.retries += event.attempt() > 1 ? 1 : 0;
      case "WorkflowFailed" -> row.error = event.error();
      default -> {}
    }
    if (event.isTerminal()) {
      row.endedAt = event.timestamp();
    }
    String text = truncate(event.describe(), terminal.interactive() ? EVENT_WIDTH + 30 : 200);
    String line =
        InstanceWatcher.time(event.timestamp())
            + "  "
            + pad(row.scenario.name(), labelWidth)
            + "  "
            + terminal.event(event, text);
    if (!terminal.interactive()) {
      line =
          InstanceWatcher.time(event.timestamp())
              + "  "
              + pad(row.scenario.name(), labelWidth)
              + "  "
              + pad(text, EVENT_WIDTH)
              + "  "
              + String.format("%5s", row.done() + "/" + row.totalTasks)
              + " "
              + terminal.bar(row.progress, 10)
              + "  "
              + row.status;
    }
    pending.add(line);
  }

  /** A line of the demo's own, such as "pausing ...". */
  synchronized void note(String text) {
    pending.add(
        InstanceWatcher.time(System.currentTimeMillis())
            + "  "
            + pad("demo", labelWidth)
            + "  "
            + terminal.bold(text));
  }

  /** Prints what happened since the last call; on a terminal also redraws the bars. */
  synchronized void render() {
    render(false);
  }

  private void render(boolean force) {
    if (!terminal.interactive()) {
      pending.forEach(out::println);
      pending.clear();
      out.flush();
      return;
    }
    long now = System.currentTimeMillis();
    // Redrawn at once for news, otherwise a few times a second to move the clocks.
    if (!force && pending.isEmpty() && blockLines > 0 && now - lastDrawn < 250) {
      return;
    }
    lastDrawn = now;
    StringBuilder frame = new StringBuilder();
    if (blockLines > 0) {
      frame.append(terminal.rewind(blockLines));
    }
    pending.forEach(line -> frame.append(line).append('\n'));
    pending.clear();
    for (Row row : rows.values()) {
      frame.append(blockLine(row, now)).append('\n');
    }
    blockLines = rows.size();
    out.print(frame);
    out.flush();
  }

  private String blockLine(Row row, long now) {
    String mark =
        !row.ended()
            ? " "
            : row.asExpected()
                ? terminal.status(WorkflowStatus.COMPLETED, "\u2714")
                : terminal.status(WorkflowStatus.FAILED, "\u2718");
    String retries =
        row.retries == 0 ? "" : "  " + row.retries + " retr" + (row.retries == 1 ? "y" : "ies");
    return " "
        + mark
        + " "
        + terminal.bold(pad(row.scenario.name(), labelWidth))
        + " "
        + terminal.bar(row.progress, BAR_WIDTH)
        + String.format(" %3d%%  ", Math.round(row.progress * 100))
        + terminal.status(row.status, pad(row.status.name(), 9))
        + " "
        + String.format("%5s", row.done() + "/" + row.totalTasks)
        + "  "
        + String.format("%7s", row.duration(now))
        + retries;
  }

  /** The table at the end; returns whether every workflow ended as expected. */
  synchronized boolean summary(long elapsedMs) {
    render(true);
    long now = System.currentTimeMillis();
    int instanceWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(8);
    String format =
        "  %-" + labelWidth + "s  %-" + instanceWidth + "s  %-9s  %-9s  %5s  %7s  %9s  %s%n";
    out.println();
    out.println(terminal.bold("Summary"));
    out.printf(
        format, "WORKFLOW", "INSTANCE", "STATUS", "EXPECTED", "TASKS", "RETRIES", "DURATION", "");
    int unexpected = 0;
    for (Row row : rows.values()) {
      boolean ok = row.asExpected();
      unexpected += ok ? 0 : 1;
      String verdict =
          ok
              ? "ok"
              : !row.ended()
                  ? "did not end"
                  : row.status != row.scenario.expected()
                      ? "UNEXPECTED"
                      : "was not paused and resumed";
      out.printf(
          format,
          row.scenario.name(),
          row.instanceId,
          row.status,
          row.scenario.expected(),
          row.done() + "/" + row.totalTasks,
          row.retries,
          row.duration(now),
          ok
              ? terminal.status(WorkflowStatus.COMPLETED, verdict)
              : terminal.status(WorkflowStatus.FAILED, verdict));
    }
    out.println();
    if (unexpected == 0) {
      out.println(
          "All "
              + rows.size()
              + " workflows reached their expected status in "
              + DurationText.format(elapsedMs)
              + ".");
    } else {
      out.println(
          unexpected + " of " + rows.size() + " workflows did not reach their expected status.");
    }
    out.flush();
    return unexpected == 0;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String truncate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 3) + "...";
  }
}
