package dev.baton.engine;

import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Lifecycle;
import dev.baton.domain.LifecycleCause;
import dev.baton.domain.Transition;
import dev.baton.engine.state.InstanceState;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.StatusEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The engine's workflow status is the lifecycle state machine's state, step by step. */
class StateMachineTest {

  private static final Map<EventType, LifecycleCause> CAUSES =
      Map.of(
          EventType.WorkflowStarted, LifecycleCause.START,
          EventType.WorkflowPaused, LifecycleCause.PAUSE,
          EventType.WorkflowResumed, LifecycleCause.RESUME,
          EventType.WorkflowCompleted, LifecycleCause.ALL_TASKS_COMPLETED,
          EventType.WorkflowFailed, LifecycleCause.FAILURE,
          EventType.WorkflowCancelled, LifecycleCause.CANCEL);

  private final EngineFixture f = new EngineFixture();

  private Transition lastTransition(String instanceId) {
    List<Transition> history = f.instance(instanceId).history;
    return history.get(history.size() - 1);
  }

  @Test
  void shouldKeepTheHistoryOfEveryTransition() {
    // given
    long t = f.now;
    f.create("i-1", workflow(task("a", 1)));

    // when
    f.now = t + 1;
    f.start("i-1");
    f.now = t + 2;
    f.pause("i-1");
    f.now = t + 3;
    f.pause("i-1");
    f.now = t + 4;
    f.resume("i-1");
    f.now = t + 5;
    f.cancel("i-1", "stop");

    // then: the rejected second pause left no trace
    assertThat(f.instance("i-1").history)
        .containsExactly(
            new Transition(
                WorkflowStatus.PENDING, WorkflowStatus.RUNNING, LifecycleCause.START, t + 1),
            new Transition(
                WorkflowStatus.RUNNING, WorkflowStatus.PAUSED, LifecycleCause.PAUSE, t + 2),
            new Transition(
                WorkflowStatus.PAUSED, WorkflowStatus.RUNNING, LifecycleCause.RESUME, t + 4),
            new Transition(
                WorkflowStatus.RUNNING, WorkflowStatus.CANCELLED, LifecycleCause.CANCEL, t + 5));
  }

  @Test
  void shouldStartWithAnEmptyHistory() {
    // when
    f.create("i-1", workflow(task("a", 1)));

    // then
    assertThat(f.instance("i-1").history).isEmpty();
  }

  @Test
  void shouldBoundTheHistoryOfAnEndlesslyPausedAndResumedWorkflow() {
    // given
    f.create("i-1", workflow(task("a", 1)));
    f.start("i-1");

    // when
    for (int i = 0; i < InstanceState.HISTORY_LIMIT; i++) {
      f.pause("i-1");
      f.resume("i-1");
    }

    // then
    List<Transition> history = f.instance("i-1").history;
    assertThat(history).hasSize(InstanceState.HISTORY_LIMIT);
    assertThat(history.get(history.size() - 1).cause()).isEqualTo(LifecycleCause.RESUME);
  }

  @Test
  void shouldAlwaysReportTheStatusTheStateMachineIsIn() {
    // given: a run through every kind of step, rejections and ignored repeats included
    List<Supplier<ProcessingResult>> steps =
        List.of(
            () ->
                f.create(
                    "i-1",
                    workflow(task("a", 1), task("b", 1), task("c", 1, "a", "b")).withMaxRetries(1)),
            () -> f.pause("i-1"),
            () -> f.start("i-1"),
            () -> f.start("i-1"),
            () -> f.complete("i-1", "a", 1),
            () -> f.complete("i-1", "a", 1),
            () -> f.pause("i-1"),
            () -> f.fail("i-1", "b", 1, "flaky"),
            () -> f.resume("i-1"),
            () -> f.resume("i-1"),
            () -> f.complete("i-1", "b", 1),
            () -> f.complete("i-1", "b", 2),
            () -> f.complete("i-1", "c", 1),
            () -> f.cancel("i-1", "too late"));
    WorkflowStatus machine = null;

    for (Supplier<ProcessingResult> step : steps) {
      // when
      ProcessingResult result = step.get();

      // then
      for (StatusEvent event : result.events()) {
        LifecycleCause cause = CAUSES.get(event.event().type());
        if (event.event().type() == EventType.WorkflowCreated) {
          machine = WorkflowStatus.PENDING;
        } else if (cause != null) {
          machine = Lifecycle.next(machine, cause).orElseThrow();
        }
        assertThat(event.status()).as("status of %s", event).isEqualTo(machine);
      }
      InstanceState instance = f.instance("i-1");
      assertThat(f.queries().status("i-1")).contains(machine);
      WorkflowStatus historyState =
          instance.history.isEmpty() ? WorkflowStatus.PENDING : lastTransition("i-1").to();
      assertThat(historyState).isEqualTo(machine);
    }
    assertThat(machine).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void shouldFailARunningWorkflowWhoseFailureCarriesAnErrorMessage() {
    // given
    f.create("i-1", workflow(task("a", 1)));
    f.start("i-1");

    // when
    f.fail("i-1", "a", 1, "exit code 137: out of memory");

    // then
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.FAILED);
    assertThat(lastTransition("i-1").from()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(lastTransition("i-1").cause()).isEqualTo(LifecycleCause.FAILURE);
    assertThat(f.instance("i-1").error).endsWith("exit code 137: out of memory");
  }

  @Test
  void shouldFailAPausedWorkflowWhoseFailureCarriesAnErrorMessage() {
    // given
    f.create("i-1", workflow(task("a", 1)));
    f.start("i-1");
    f.pause("i-1");

    // when
    f.failForGood("i-1", "a", 1, "permission denied");

    // then
    assertThat(lastTransition("i-1"))
        .isEqualTo(
            new Transition(
                WorkflowStatus.PAUSED, WorkflowStatus.FAILED, LifecycleCause.FAILURE, f.now));
    assertThat(f.instance("i-1").error)
        .isEqualTo("task a failed after 1 attempts: permission denied");
  }
}
