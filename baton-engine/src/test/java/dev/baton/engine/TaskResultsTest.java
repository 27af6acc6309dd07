package dev.baton.engine;

import static dev.baton.engine.EngineFixture.dispatched;
import static dev.baton.engine.EngineFixture.rejection;
import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.types;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.ProcessingResult.Outcome;
import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.TaskCancelled;
import dev.baton.protocol.event.TaskCompleted;
import dev.baton.protocol.event.TaskDispatched;
import dev.baton.protocol.event.TaskFailed;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.output.TaskDispatch;
import org.junit.jupiter.api.Test;

class TaskResultsTest {

  private final EngineFixture f = new EngineFixture();

  private void givenRunning(WorkflowDefinition definition) {
    f.create("i-1", definition);
    f.start("i-1");
  }

  // completion

  @Test
  void shouldCompleteASingleTask() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1)));

    // when
    ProcessingResult result = f.complete("i-1", "a", 1);

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(new TaskCompleted("a", 1));
    assertThat(result.events().get(0).progress()).isEqualTo(0.5);
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.COMPLETED);
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.RUNNING);
    assertThat(f.queries().isRunning("i-1")).isTrue();
  }

  @Test
  void shouldCompleteATaskAndDispatchTheNextGroup() {
    // given
    givenRunning(workflow(task("build", 1), task("test", 1, "build")));

    // when
    ProcessingResult result = f.complete("i-1", "build", 1);

    // then
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(new TaskCompleted("build", 1), new TaskDispatched("test", 1));
    assertThat(dispatched(result)).containsExactly("test");
  }

  @Test
  void shouldDispatchATaskOnlyOnceAllItsDependenciesCompleted() {
    // given: under EAGER, nothing but dependencies holds d back
    givenRunning(
        workflow(task("a", 1), task("b", 1, "a"), task("c", 1, "a"), task("d", 1, "b", "c"))
            .withScheduling(Scheduling.EAGER));
    f.complete("i-1", "a", 1);
    ProcessingResult afterB = f.complete("i-1", "b", 1);
    assertThat(dispatched(afterB)).isEmpty();
    assertThat(f.queries().taskStatus("i-1", "d")).contains(TaskStatus.WAITING);

    // when
    ProcessingResult afterC = f.complete("i-1", "c", 1);

    // then
    assertThat(dispatched(afterC)).containsExactly("d");
  }

  @Test
  void shouldIgnoreAnExactRepeatOfACompletion() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1)));
    f.complete("i-1", "a", 1);
    long seq = f.instance("i-1").seq;

    // when
    ProcessingResult result = f.complete("i-1", "a", 1);

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED_DUPLICATE);
    assertThat(result.events()).isEmpty();
    assertThat(result.dispatches()).isEmpty();
    assertThat(f.instance("i-1").seq).isEqualTo(seq);
    assertThat(f.instance("i-1").completedTasks).isEqualTo(1);
  }

  @Test
  void shouldIgnoreAnExactRepeatOfACompletionAfterTheWorkflowCompleted() {
    // given
    givenRunning(workflow(task("a", 1)));
    f.complete("i-1", "a", 1);

    // when
    ProcessingResult result = f.complete("i-1", "a", 1);

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED_DUPLICATE);
    assertThat(result.events()).isEmpty();
  }

  // failure and retries

  @Test
  void shouldFailTheWorkflowWhenATaskHasNoRetriesLeft() {
    // given
    givenRunning(workflow(task("a", 1)));

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "boom");

    // then
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(
            new TaskFailed("a", 1, "boom", false, null),
            new WorkflowFailed("task a failed after 1 attempts: boom"));
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.FAILED);
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.FAILED);
    assertThat(f.instance("i-1").error).isEqualTo("task a failed after 1 attempts: boom");
  }

  @Test
  void shouldCountEveryAttemptInTheFailureMessage() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(2));
    f.fail("i-1", "a", 1, "boom");
    f.fail("i-1", "a", 2, "boom");

    // when
    ProcessingResult result = f.fail("i-1", "a", 3, "still broken");

    // then
    assertThat(result.events().get(result.events().size() - 1).event())
        .isEqualTo(new WorkflowFailed("task a failed after 3 attempts: still broken"));
  }

  @Test
  void shouldRetryATaskWhenRetriesAreLeft() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(1));

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "flaky");

    // then
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(new TaskFailed("a", 1, "flaky", true, f.now), new TaskDispatched("a", 2));
    assertThat(result.dispatches()).extracting(TaskDispatch::attempt).containsExactly(2);
    assertThat(f.queries().isRunning("i-1")).isTrue();
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.RUNNING);
  }

  @Test
  void shouldCompleteATaskOnARetry() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(1));
    f.fail("i-1", "a", 1, "flaky");

    // when
    ProcessingResult result = f.complete("i-1", "a", 2);

    // then
    assertThat(types(result)).containsExactly(EventType.TaskCompleted, EventType.WorkflowCompleted);
    assertThat(f.task("i-1", "a").error).isNull();
  }

  @Test
  void shouldFailAtOnceWhenTheFailureIsNotRetryableEvenWithRetriesLeft() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(5));

    // when
    ProcessingResult result = f.failForGood("i-1", "a", 1, "bad input");

    // then
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(
            new TaskFailed("a", 1, "bad input", false, null),
            new WorkflowFailed("task a failed after 1 attempts: bad input"));
    assertThat(result.dispatches()).isEmpty();
  }

  @Test
  void shouldLetATasksMaxRetriesRaiseTheWorkflows() {
    // given
    givenRunning(workflow(task("a", 1).withMaxRetries(2)));
    f.fail("i-1", "a", 1, "flaky");

    // when
    ProcessingResult second = f.fail("i-1", "a", 2, "flaky");
    ProcessingResult third = f.fail("i-1", "a", 3, "flaky");

    // then
    assertThat(dispatched(second)).containsExactly("a");
    assertThat(types(third)).containsExactly(EventType.TaskFailed, EventType.WorkflowFailed);
  }

  @Test
  void shouldLetATasksMaxRetriesLowerTheWorkflows() {
    // given
    givenRunning(
        workflow(task("strict", 1).withMaxRetries(0), task("lenient", 1)).withMaxRetries(3));

    // when
    ProcessingResult lenient = f.fail("i-1", "lenient", 1, "flaky");
    ProcessingResult strict = f.fail("i-1", "strict", 1, "flaky");

    // then
    assertThat(dispatched(lenient)).containsExactly("lenient");
    assertThat(strict.events())
        .extracting(StatusEvent::event)
        .containsExactly(
            new TaskFailed("strict", 1, "flaky", false, null),
            new TaskCancelled("lenient", 2),
            new WorkflowFailed("task strict failed after 1 attempts: flaky"));
  }

  @Test
  void shouldFailWithTheWorkersErrorMessage() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1)).withMaxRetries(1));

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "disk full on /var");

    // then
    TaskFailed failed = (TaskFailed) result.events().get(0).event();
    assertThat(failed.error()).isEqualTo("disk full on /var");
    assertThat(f.task("i-1", "a").error).isEqualTo("disk full on /var");
  }

  @Test
  void shouldCancelTheOtherRunningTasksWhenATaskFailsTheWorkflow() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1), task("c", 1)));
    f.complete("i-1", "b", 1);

    // when
    ProcessingResult result = f.fail("i-1", "c", 1, "boom");

    // then
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(
            new TaskFailed("c", 1, "boom", false, null),
            new TaskCancelled("a", 1),
            new WorkflowFailed("task c failed after 1 attempts: boom"));
  }

  // tracking

  @Test
  void shouldTrackTaskExecutionState() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1, "a")));
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.WAITING);

    // when / then
    f.start("i-1");
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.RUNNING);
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.WAITING);
    f.pause("i-1");
    f.complete("i-1", "a", 1);
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.COMPLETED);
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.READY);
    f.resume("i-1");
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.RUNNING);
    f.fail("i-1", "b", 1, "boom");
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.FAILED);
  }

  @Test
  void shouldTrackTaskTimingFromTheClock() {
    // given
    long start = f.now;
    givenRunning(workflow(task("a", 1)).withMaxRetries(1));
    f.now = start + 3_000;
    f.fail("i-1", "a", 1, "flaky");

    // when
    f.now = start + 10_000;
    f.complete("i-1", "a", 2);

    // then
    TaskState a = f.task("i-1", "a");
    assertThat(a.firstDispatchedAt).isEqualTo(start);
    assertThat(a.dispatchedAt).isEqualTo(start + 3_000);
    assertThat(a.completedAt).isEqualTo(start + 10_000);
    assertThat(f.results.get(1).dispatches().get(0).dispatchedAt()).isEqualTo(start);
  }

  @Test
  void shouldTrackAttempts() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(3));
    assertThat(f.task("i-1", "a").attempt).isEqualTo(1);

    // when
    f.fail("i-1", "a", 1, "flaky");
    f.fail("i-1", "a", 2, "flaky");
    f.complete("i-1", "a", 3);

    // then
    TaskState a = f.task("i-1", "a");
    assertThat(a.attempt).isEqualTo(3);
    assertThat(a.attemptsAllowed).isEqualTo(4);
    assertThat(a.outcomes)
        .containsExactly(AttemptOutcome.FAILED, AttemptOutcome.FAILED, AttemptOutcome.COMPLETED);
    assertThat(f.instance("i-1").retries).isEqualTo(2);
    assertThat(f.events("i-1"))
        .map(StatusEvent::event)
        .filteredOn(TaskDispatched.class::isInstance)
        .containsExactly(
            new TaskDispatched("a", 1), new TaskDispatched("a", 2), new TaskDispatched("a", 3));
  }

  // rejections and duplicates

  @Test
  void shouldRejectAResultForATaskTheDefinitionDoesNotHave() {
    // given
    givenRunning(workflow(task("a", 1)));

    // when
    ProcessingResult result = f.complete("i-1", "nope", 1);

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(rejection(result).command()).isEqualTo("TaskCompleted");
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.UNKNOWN_TASK);
    assertThat(rejection(result).message()).contains("'nope'");
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.RUNNING);
  }

  @Test
  void shouldRejectAResultForAnUnknownInstance() {
    // when
    ProcessingResult result = f.fail("nope", "a", 1, "boom");

    // then
    assertThat(rejection(result).command()).isEqualTo("TaskFailed");
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.UNKNOWN_INSTANCE);
    assertThat(result.events().get(0).seq()).isZero();
    assertThat(result.events().get(0).status()).isNull();
  }

  @Test
  void shouldRejectAResultForAnOlderAttemptAsStale() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(1));
    f.fail("i-1", "a", 1, "flaky");

    // when
    ProcessingResult result = f.complete("i-1", "a", 1);

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.STALE_ATTEMPT);
    assertThat(rejection(result).message())
        .isEqualTo("Expected a result for attempt 2 of task 'a', but got one for attempt 1");
    assertThat(f.task("i-1", "a").status).isEqualTo(TaskStatus.RUNNING);
    assertThat(f.task("i-1", "a").attempt).isEqualTo(2);
  }

  @Test
  void shouldIgnoreAnExactRepeatOfAFailureRatherThanCallItStale() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(1));
    f.fail("i-1", "a", 1, "flaky");

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "flaky");

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED_DUPLICATE);
    assertThat(result.events()).isEmpty();
  }

  @Test
  void shouldRejectACompletionOfAnAttemptThatFailedWhileItsRetryIsHeld() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(1));
    f.pause("i-1");
    f.fail("i-1", "a", 1, "flaky");

    // when
    ProcessingResult result = f.complete("i-1", "a", 1);

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.STALE_ATTEMPT);
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.READY);
  }

  @Test
  void shouldRejectAResultForAWaitingTask() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1, "a")));

    // when
    ProcessingResult result = f.complete("i-1", "b", 1);

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.TASK_NOT_RUNNING);
    assertThat(rejection(result).message())
        .isEqualTo("Expected task 'b' to be running attempt 1, but it is WAITING");
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.WAITING);
  }

  @Test
  void shouldRejectAResultForAnAttemptNotYetDispatched() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(3));

    // when
    ProcessingResult result = f.complete("i-1", "a", 2);

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.TASK_NOT_RUNNING);
  }

  @Test
  void shouldRejectAFailureOfACompletedAttempt() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1)));
    f.complete("i-1", "a", 1);

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "changed my mind");

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.TASK_NOT_RUNNING);
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.COMPLETED);
  }

  @Test
  void shouldRejectAResultForAFailedWorkflow() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1)));
    f.fail("i-1", "a", 1, "boom");

    // when
    ProcessingResult result = f.complete("i-1", "b", 1);

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.WORKFLOW_TERMINAL);
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.FAILED);
  }

  // while paused

  @Test
  void shouldRecordResultsWhilePausedButDispatchNothing() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1, "a")));
    f.pause("i-1");

    // when
    ProcessingResult result = f.complete("i-1", "a", 1);

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(types(result)).containsExactly(EventType.TaskCompleted);
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(result.dispatches()).isEmpty();
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.COMPLETED);
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.READY);
  }

  @Test
  void shouldHoldARetryWhilePausedAndDispatchItOnResume() {
    // given
    givenRunning(workflow(task("a", 1)).withMaxRetries(1));
    f.pause("i-1");

    // when
    ProcessingResult failed = f.fail("i-1", "a", 1, "flaky");
    ProcessingResult resumed = f.resume("i-1");

    // then
    assertThat(types(failed)).containsExactly(EventType.TaskFailed);
    assertThat(((TaskFailed) failed.events().get(0).event()).willRetry()).isTrue();
    assertThat(failed.dispatches()).isEmpty();
    assertThat(resumed.events())
        .extracting(StatusEvent::event)
        .endsWith(new TaskDispatched("a", 2));
  }

  @Test
  void shouldFailAPausedWorkflowWhenATaskExhaustsItsAttempts() {
    // given
    givenRunning(workflow(task("a", 1), task("b", 1)));
    f.pause("i-1");

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "boom");

    // then
    assertThat(types(result))
        .containsExactly(EventType.TaskFailed, EventType.TaskCancelled, EventType.WorkflowFailed);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.FAILED);
    assertThat(f.instance("i-1").history.get(f.instance("i-1").history.size() - 1).from())
        .isEqualTo(WorkflowStatus.PAUSED);
  }
}
