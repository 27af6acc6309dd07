package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.ProcessingResult;
import dev.baton.engine.ProcessingResult.Outcome;
import dev.baton.engine.state.TimerEntry;
import dev.baton.engine.state.TimerKind;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.TaskDispatched;
import dev.baton.protocol.event.WorkflowCancelled;
import dev.baton.protocol.event.WorkflowCompleted;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.input.CancelWorkflow;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.input.StartWorkflow;
import dev.baton.protocol.output.DeadLetterReason;
import dev.baton.protocol.output.TaskDispatch;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Baton's Prometheus meters, fed the engine's results as the processor hands them over. */
class BatonMetersTest {

  private final BatonMeters meters = new BatonMeters();

  @AfterEach
  void close() {
    meters.close();
  }

  private static StatusEvent event(Event event) {
    return new StatusEvent("i-1", "wf", 1, 0, WorkflowStatus.RUNNING, 0.0, event);
  }

  private static ProcessingResult result(Outcome outcome, int dispatches, Event... events) {
    List<TaskDispatch> sent =
        java.util.stream.IntStream.range(0, dispatches)
            .mapToObj(i -> new TaskDispatch("i-1", "wf", "t" + i, "T", 1, null, null, 0))
            .toList();
    return new ProcessingResult(
        outcome, Arrays.stream(events).map(BatonMetersTest::event).toList(), sent, null);
  }

  private double count(String name, String tag, String value) {
    return meters.registry().get(name).tag(tag, value).counter().count();
  }

  private double count(String name) {
    return meters.registry().get(name).counter().count();
  }

  @Test
  void shouldCountInputsByTheirWireType() {
    // when
    meters.input(new StartWorkflow("i-1", null));
    meters.input(new CompleteTask("i-1", "t", 1));
    meters.input(new CompleteTask("i-1", "u", 1));
    meters.input(new FailTask("i-1", "v", 1, "boom"));
    meters.input(new CancelWorkflow("i-1", null, "no"));
    // then
    assertThat(count("baton.inputs", "type", "StartWorkflow")).isEqualTo(1.0);
    assertThat(count("baton.inputs", "type", "TaskCompleted")).isEqualTo(2.0);
    assertThat(count("baton.inputs", "type", "TaskFailed")).isEqualTo(1.0);
    assertThat(count("baton.inputs", "type", "CancelWorkflow")).isEqualTo(1.0);
    assertThat(count("baton.inputs", "type", "CreateWorkflow")).isZero();
  }

  @Test
  void shouldCountRejectionsDuplicatesDispatchesAndEndingsFromTheResults() {
    // when
    meters.processed(
        result(
            Outcome.REJECTED,
            0,
            new CommandRejected("StartWorkflow", RejectionReason.UNKNOWN_INSTANCE, "none")));
    meters.processed(
        result(
            Outcome.REJECTED,
            0,
            new CommandRejected("TaskCompleted", RejectionReason.STALE_ATTEMPT, "old")));
    meters.processed(
        result(
            Outcome.REJECTED,
            0,
            new CommandRejected("TaskCompleted", RejectionReason.STALE_ATTEMPT, "old")));
    meters.processed(result(Outcome.IGNORED_DUPLICATE, 0));
    meters.processed(
        result(
            Outcome.APPLIED,
            3,
            new TaskDispatched("a", 1),
            new TaskDispatched("b", 1),
            new TaskDispatched("c", 1)));
    meters.processed(result(Outcome.APPLIED, 0, new WorkflowCompleted()));
    meters.processed(result(Outcome.APPLIED, 0, new WorkflowFailed("boom")));
    meters.processed(result(Outcome.APPLIED, 0, new WorkflowFailed("timed out")));
    meters.processed(result(Outcome.APPLIED, 0, new WorkflowCancelled("no")));
    meters.processed(result(Outcome.UNCHANGED, 0));
    // then
    assertThat(count("baton.rejections", "reason", "UNKNOWN_INSTANCE")).isEqualTo(1.0);
    assertThat(count("baton.rejections", "reason", "STALE_ATTEMPT")).isEqualTo(2.0);
    assertThat(count("baton.rejections", "reason", "INVALID_TRANSITION")).isZero();
    assertThat(count("baton.duplicates.ignored")).isEqualTo(1.0);
    assertThat(count("baton.dispatches")).isEqualTo(3.0);
    assertThat(count("baton.workflows.ended", "status", "COMPLETED")).isEqualTo(1.0);
    assertThat(count("baton.workflows.ended", "status", "FAILED")).isEqualTo(2.0);
    assertThat(count("baton.workflows.ended", "status", "CANCELLED")).isEqualTo(1.0);
  }

  @Test
  void shouldCountDeadLettersByReason() {
    // when
    meters.deadLetter(DeadLetterReason.MALFORMED_JSON);
    meters.deadLetter(DeadLetterReason.MALFORMED_JSON);
    meters.deadLetter(DeadLetterReason.UNKNOWN_TYPE);
    // then
    assertThat(count("baton.dead.letters", "reason", "MALFORMED_JSON")).isEqualTo(2.0);
    assertThat(count("baton.dead.letters", "reason", "UNKNOWN_TYPE")).isEqualTo(1.0);
    assertThat(count("baton.dead.letters", "reason", "TOO_LARGE")).isZero();
  }

  @Test
  void shouldCountFiredTimersByKindWithTheirLagInAHistogram() {
    // when
    meters.timerFired(TimerKind.TASK_TIMEOUT, 40);
    meters.timerFired(TimerKind.TASK_TIMEOUT, 700);
    meters.timerFired(TimerKind.RETRY, 3_000);
    // a timer's result is processed too, and counts nothing twice
    meters.processed(
        new ProcessingResult(
            Outcome.UNCHANGED,
            List.of(),
            List.of(),
            null,
            null,
            new TimerEntry("i-1", TimerKind.RETRY, "t", 1, 0)));
    // then
    assertThat(count("baton.timers.fired", "kind", "TASK_TIMEOUT")).isEqualTo(2.0);
    assertThat(count("baton.timers.fired", "kind", "RETRY")).isEqualTo(1.0);
    assertThat(count("baton.timers.fired", "kind", "RETENTION")).isZero();
    Timer lag = meters.registry().get("baton.timer.lag").tag("kind", "TASK_TIMEOUT").timer();
    assertThat(lag.count()).isEqualTo(2);
    assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(740.0);
    String text = meters.scrape();
    assertThat(text)
        .contains("# TYPE baton_timer_lag_seconds histogram")
        .contains("baton_timer_lag_seconds_bucket{kind=\"TASK_TIMEOUT\",le=\"0.05\"} 1")
        .contains("baton_timer_lag_seconds_bucket{kind=\"TASK_TIMEOUT\",le=\"1.0\"} 2")
        .contains("baton_timer_lag_seconds_bucket{kind=\"RETRY\",le=\"2.5\"} 0")
        .contains("baton_timer_lag_seconds_bucket{kind=\"RETRY\",le=\"5.0\"} 1")
        .contains("baton_timer_lag_seconds_count{kind=\"TASK_TIMEOUT\"} 2")
        .contains("baton_timer_lag_seconds_sum{kind=\"TASK_TIMEOUT\"} 0.74");
  }

  @Test
  void shouldExposeEveryLabelValueAtZeroBeforeAnythingHappened() {
    // when
    String text = meters.scrape();
    // then: Prometheus names, the unit and _total from Micrometer's dotted names
    for (String type : BatonMeters.INPUT_TYPES) {
      assertThat(text).contains("baton_inputs_total{type=\"" + type + "\"} 0");
    }
    for (RejectionReason reason : RejectionReason.values()) {
      assertThat(text).contains("baton_rejections_total{reason=\"" + reason + "\"} 0");
    }
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      assertThat(text).contains("baton_dead_letters_total{reason=\"" + reason + "\"} 0");
    }
    for (TimerKind kind : TimerKind.values()) {
      assertThat(text).contains("baton_timers_fired_total{kind=\"" + kind + "\"} 0");
      assertThat(text).contains("baton_timer_lag_seconds_count{kind=\"" + kind + "\"} 0");
    }
    for (WorkflowStatus status : BatonMeters.ENDED) {
      assertThat(text).contains("baton_workflows_ended_total{status=\"" + status + "\"} 0");
    }
    assertThat(text)
        .contains("# TYPE baton_duplicates_ignored_total counter")
        .contains("baton_duplicates_ignored_total 0")
        .contains("baton_dispatches_total 0");
  }
}
