package dev.baton.cli;

import dev.baton.protocol.WorkflowStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows one instance on the status topic until it ends: one line per event and a progress bar,
 * kept at the bottom of a terminal, printed with every line elsewhere.
 */
final class InstanceWatcher {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final PrintWriter out;
  private final PrintWriter err;
  private final Terminal terminal;

  private WorkflowStatus status;
  private double progress;
  private int totalTasks = -1;
  private int retries;
  private long startedAt;
  private boolean barShown;

  InstanceWatcher(PrintWriter out, PrintWriter err, Terminal terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * Blocks until the instance reaches a terminal status or {@code timeout} (null: no limit) passes,
   * and returns the exit code: 0 only for COMPLETED.
   *
   * @param check how to find out that the instance does not exist, when no event of it comes; null
   *     to wait for its events however long they take
   */
  int watch(EventFeed feed, String instanceId, Duration timeout, InstanceLookup.Check check) {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    boolean seen = false;
    boolean hinted = false;
    long graceEnds = 0;
    // The end seen last, kept until the feed has caught up: a FAILED instance may have been
    // retried since (RetryWorkflow), and then its history goes on past that end.
    StatusRecord ended = null;
    try {
      while (System.nanoTime() < deadline) {
        for (StatusRecord event : feed.poll(Duration.ofMillis(200))) {
          // A rejection with seq 0 is of an instance that did not exist when it was refused.
          seen |= event.seq() > 0;
          show(event);
          if (event.isTerminal()) {
            ended = event;
            continue;
          }
          if (ended != null && "WorkflowRetried".equals(event.type())) {
            ended = null;
          }
          if (event.isRejection()
              && event.seq() == 0
              && WorkflowCommands.CREATE.equals(event.command())) {
            endBar();
            throw CliException.failed(
                "instance "
                    + instanceId
                    + " was not created: "
                    + event.reason()
                    + (event.message() == null ? "" : ": " + event.message()));
          }
        }
        if (ended != null && feed.caughtUp()) {
          return finish(instanceId, ended);
        }
        if (seen || !feed.caughtUp()) {
          continue;
        }
        if (!hinted) {
          hinted = true;
          graceEnds = check == null ? 0 : System.nanoTime() + check.grace().toNanos();
          err.println(
              "baton watch: no events for instance '"
                  + instanceId
                  + "' yet; waiting for them"
                  + (check == null ? "" : " up to " + check.grace().toSeconds() + " s")
                  + " (Ctrl-C to stop)");
          err.flush();
        } else if (check != null && System.nanoTime() >= graceEnds) {
          Integer code = noEvents(instanceId, check);
          if (code != null) {
            return code;
          }
          check = null; // it exists: its events will come
        }
      }
    } catch (WakeupException e) {
      endBar();
      throw CliException.failed("stopped watching " + instanceId + " before it ended");
    }
    endBar();
    throw CliException.failed(
        "instance "
            + instanceId
            + " did not end within "
            + timeout.toSeconds()
            + " s (status "
            + (status == null ? "unknown" : status)
            + ")");
  }

  /**
   * The grace period ended without an event: the instance does not exist (an exception), ended long
   * ago (its exit code), or exists and is quiet (null: go on watching).
   */
  private Integer noEvents(String instanceId, InstanceLookup.Check check) {
    InstanceLookup.Answer answer = check.lookup().lookup(instanceId);
    String none =
        "no instance "
            + instanceId
            + ": "
            + check.topic()
            + " has no event of it (waited "
            + check.grace().toSeconds()
            + " s)";
    if (answer instanceof InstanceLookup.Answer.Missing missing) {
      throw CliException.failed(none + " and " + missing.where() + " does not know it");
    }
    if (answer instanceof InstanceLookup.Answer.Unknown unknown) {
      throw CliException.failed(none + "; " + unknown.why());
    }
    WorkflowStatus known = ((InstanceLookup.Answer.Exists) answer).status();
    if (known != null && known.isTerminal()) {
      out.println(
          terminal.bold(instanceId)
              + " "
              + terminal.status(known, known.name())
              + " (its events are no longer on "
              + check.topic()
              + ")");
      out.flush();
      return known == WorkflowStatus.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
    }
    return null;
  }

  private void show(StatusRecord event) {
    if (event.status() != null) {
      status = event.status();
    }
    if (event.progress() != null) {
      progress = event.progress();
    }
    switch (event.type()) {
      case "WorkflowCreated" ->
          totalTasks = event.json().path("plan").path("executionOrder").size();
      case "WorkflowStarted" -> startedAt = event.timestamp();
      case "TaskDispatched" -> retries += event.attempt() > 1 ? 1 : 0;
      default -> {}
    }
    String text = event.describe();
    if (terminal.interactive()) {
      out.print(
          Terminal.CLEAR_LINE
              + time(event.timestamp())
              + "  "
              + terminal.event(event, text)
              + "\n"
              + bar());
    } else {
      // Padded, so that the progress column lines up in a log.
      String padded = text.length() >= 44 ? text : text + " ".repeat(44 - text.length());
      out.println(time(event.timestamp()) + "  " + padded + "  " + bar());
    }
    barShown = terminal.interactive();
    out.flush();
  }

  private String bar() {
    String tasks =
        totalTasks < 0
            ? ""
            : "  " + Math.round(progress * totalTasks) + "/" + totalTasks + " tasks";
    return terminal.bar(progress, 30)
        + String.format(" %3d%%", Math.round(progress * 100))
        + "  "
        + terminal.status(status, status == null ? "-" : status.name())
        + tasks;
  }

  private int finish(String instanceId, StatusRecord end) {
    endBar();
    String took = startedAt > 0 ? " in " + DurationText.format(end.timestamp() - startedAt) : "";
    String detail =
        totalTasks < 0
            ? ""
            : " ("
                + totalTasks
                + " tasks, "
                + retries
                + " retr"
                + (retries == 1 ? "y" : "ies")
                + ")";
    out.println(
        terminal.bold(instanceId)
            + " "
            + terminal.status(end.status(), end.status().name())
            + took
            + detail);
    out.flush();
    return end.status() == WorkflowStatus.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void endBar() {
    if (barShown) {
      out.print("\n");
      out.flush();
      barShown = false;
    }
  }

  static String time(long epochMs) {
    return LocalTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneId.systemDefault()).format(TIME);
  }

  /** The time of day, preceded by the date unless it is today. */
  static String dateTime(long epochMs) {
    LocalDateTime at =
        LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneId.systemDefault());
    return at.toLocalDate().equals(LocalDate.now())
        ? at.toLocalTime().format(TIME)
        : at.format(DATE_TIME);
  }
}
