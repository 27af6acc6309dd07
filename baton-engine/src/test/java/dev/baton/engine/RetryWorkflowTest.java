package dev.baton.engine;

import static dev.baton.engine.EngineFixture.dispatched;
import static dev.baton.engine.EngineFixture.rejection;
import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.WorkflowRetried;
import dev.baton.protocol.input.RetryWorkflow;
import dev.baton.protocol.output.TaskDispatch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RetryWorkflow (contract v1.1): FAILED to RUNNING from the point of failure. */
class RetryWorkflowTest {

  private final EngineFixture f = new EngineFixture();

  private static WorkflowDefinition wf(
      int maxRetries, Long timeoutMs, Scheduling scheduling, TaskDefinition... tasks) {
    return new WorkflowDefinition(
        "wf", "wf", null, List.of(tasks), maxRetries, timeoutMs, true, scheduling);
  }

  private static TaskDefinition timed(String id, long timeoutMs, String... dependencies) {
    return new TaskDefinition(
        id, id, 100, List.of(dependencies), List.of(), 0, null, timeoutMs, null, null);
  }

  private ProcessingResult retry(String id) {
    return f.send(new RetryWorkflow(id, null));
  }

  @Test
  void shouldRedriveTheFailedTaskWithAFreshBudgetAndAttemptNumbersGoingOn() {
    // given a -> b -> c, b fails both of its attempts (maxRetries 1)
    f.createAndStart(
        "i", wf(1, null, Scheduling.GROUPS, task("a", 10), task("b", 10, "a"), task("c", 10, "b")));
    f.complete("i", "a", 1);
    f.fail("i", "b", 1, "boom");
    f.fail("i", "b", 2, "boom again");
    assertThat(f.queries().status("i")).contains(WorkflowStatus.FAILED);

    // when
    ProcessingResult retried = retry("i");

    // then b runs again as attempt 3, a is not run again
    assertThat(types(retried)).containsExactly(EventType.WorkflowRetried, EventType.TaskDispatched);
    assertThat(((WorkflowRetried) retried.events().get(0).event()).retriedTasks())
        .containsExactly("b");
    assertThat(retried.events().get(0).status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(retried.dispatches()).extracting(TaskDispatch::attempt).containsExactly(3);
    assertThat(f.instance("i").failedTasks).isZero();
    assertThat(f.instance("i").error).isNull();
    assertThat(f.instance("i").endedAt).isNull();

    // and the fresh budget is 1 + maxRetries: attempt 3 fails, attempt 4 is dispatched
    ProcessingResult third = f.fail("i", "b", 3, "boom");
    assertThat(dispatched(third)).containsExactly("b");
    assertThat(third.dispatches().get(0).attempt()).isEqualTo(4);
    f.complete("i", "b", 4);
    ProcessingResult done = f.complete("i", "c", 1);
    assertThat(types(done)).containsExactly(EventType.TaskCompleted, EventType.WorkflowCompleted);
    assertThat(f.task("i", "a").attempt).isEqualTo(1);
  }

  @Test
  void shouldRedriveTasksCancelledWhenTheWorkflowFailed() {
    // given a group of three: x fails for good while y runs and z has completed
    f.createAndStart("i", wf(0, null, Scheduling.GROUPS, task("x", 1), task("y", 1), task("z", 1)));
    f.complete("i", "z", 1);
    ProcessingResult failed = f.failForGood("i", "x", 1, "no");
    assertThat(types(failed))
        .containsExactly(EventType.TaskFailed, EventType.TaskCancelled, EventType.WorkflowFailed);

    // when
    ProcessingResult retried = retry("i");

    // then x and y run again, z does not
    assertThat(((WorkflowRetried) retried.events().get(0).event()).retriedTasks())
        .containsExactly("x", "y");
    assertThat(dispatched(retried)).containsExactlyInAnyOrder("x", "y");
    assertThat(retried.dispatches()).extracting(TaskDispatch::attempt).containsOnly(2);
    assertThat(f.instance("i").cancelledTasks).isZero();
    assertThat(f.task("i", "z").status).isEqualTo(TaskStatus.COMPLETED);
  }

  @ParameterizedTest
  @EnumSource(Scheduling.class)
  void shouldResumeTheDagWhereItStoppedUnderEitherScheduling(Scheduling scheduling) {
    // given a diamond a -> (b, c) -> d where b fails for good, c completed
    f.createAndStart(
        "i",
        wf(
            0,
            null,
            scheduling,
            task("a", 1),
            task("b", 1, "a"),
            task("c", 1, "a"),
            task("d", 1, "b", "c")));
    f.complete("i", "a", 1);
    f.complete("i", "c", 1);
    f.failForGood("i", "b", 1, "no");

    // when
    ProcessingResult retried = retry("i");
    // then only b runs, then d, and the workflow completes
    assertThat(dispatched(retried)).containsExactly("b");
    assertThat(dispatched(f.complete("i", "b", 2))).containsExactly("d");
    assertThat(types(f.complete("i", "d", 1))).endsWith(EventType.WorkflowCompleted);
  }

  @Test
  void shouldRedriveOneTaskAtATimeWithoutParallelism() {
    WorkflowDefinition sequential =
        wf(0, null, Scheduling.GROUPS, task("a", 1), task("b", 1), task("c", 1))
            .withAllowParallel(false);
    f.createAndStart("i", sequential);
    f.complete("i", "a", 1);
    f.failForGood("i", "b", 1, "no");

    ProcessingResult retried = retry("i");

    assertThat(dispatched(retried)).containsExactly("b");
    assertThat(dispatched(f.complete("i", "b", 2))).containsExactly("c");
  }

  @Test
  void shouldRetryAWorkflowThatFailedAgainAfterARetry() {
    f.createAndStart("i", wf(0, null, Scheduling.GROUPS, task("a", 1)));
    f.failForGood("i", "a", 1, "one");
    retry("i");
    f.failForGood("i", "a", 2, "two");
    assertThat(f.queries().status("i")).contains(WorkflowStatus.FAILED);

    ProcessingResult again = retry("i");

    assertThat(again.dispatches()).extracting(TaskDispatch::attempt).containsExactly(3);
    assertThat(types(f.complete("i", "a", 3))).endsWith(EventType.WorkflowCompleted);
  }

  @Test
  void shouldKeepSeqGaplessThroughRetries() {
    f.createAndStart("i", wf(0, null, Scheduling.GROUPS, task("a", 1)));
    f.failForGood("i", "a", 1, "one");
    retry("i");
    f.complete("i", "a", 2);

    assertThat(f.events("i"))
        .extracting(StatusEvent::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void shouldRestartTaskTimeoutsAndTheWorkflowTimeoutInFullAfterARetry() {
    // given a workflow with a 10 s timeout whose task has a 1 s timeout and no retries
    f.createAndStart("i", wf(0, 10_000L, Scheduling.GROUPS, timed("t", 1_000)));
    f.now += 1_000;
    f.fireTimers(); // the attempt times out: FAILED
    assertThat(f.queries().status("i")).contains(WorkflowStatus.FAILED);

    // when retried 60 s later (long past the first workflow timeout)
    f.now += 60_000;
    ProcessingResult retried = retry("i");

    // then attempt 2 has its own 1 s timeout
    assertThat(retried.dispatches()).extracting(TaskDispatch::attempt).containsExactly(2);
    f.now += 999;
    assertThat(f.fireTimers().events()).isEmpty();
    f.now += 1;
    ProcessingResult timedOut = f.fireTimers();
    assertThat(types(timedOut)).containsExactly(EventType.TaskTimedOut, EventType.WorkflowFailed);

    // and after another retry the workflow timeout counts 10 s from it
    retry("i");
    f.complete("i", "t", 3);
    assertThat(f.queries().status("i")).contains(WorkflowStatus.COMPLETED);
  }

  @Test
  void shouldTimeOutTheWorkflowTenSecondsAfterTheRetry() {
    f.createAndStart("i", wf(0, 10_000L, Scheduling.GROUPS, task("a", 1)));
    f.failForGood("i", "a", 1, "no");
    f.now += 60_000;
    retry("i");

    f.now += 9_999;
    assertThat(f.fireTimers().events()).isEmpty();
    f.now += 1;
    ProcessingResult timedOut = f.fireTimers();

    assertThat(types(timedOut)).containsExactly(EventType.TaskCancelled, EventType.WorkflowFailed);
  }

  @Test
  void shouldHoldARetriedTaskWithBackoffNoLongerThanTheRetry() {
    f.createAndStart("i", wf(0, null, Scheduling.GROUPS, task("a", 1)));
    f.failForGood("i", "a", 1, "no");

    assertThat(dispatched(retry("i"))).containsExactly("a");
  }

  @ParameterizedTest
  @EnumSource(
      value = WorkflowStatus.class,
      names = {"PENDING", "RUNNING", "PAUSED", "COMPLETED", "CANCELLED"})
  void shouldRejectARetryOfAnInstanceThatIsNotFailed(WorkflowStatus status) {
    f.create("i", wf(0, null, Scheduling.GROUPS, task("a", 1)));
    switch (status) {
      case RUNNING -> f.start("i");
      case PAUSED -> {
        f.start("i");
        f.pause("i");
      }
      case COMPLETED -> {
        f.start("i");
        f.complete("i", "a", 1);
      }
      case CANCELLED -> f.cancel("i", "no");
      default -> {}
    }

    ProcessingResult result = retry("i");

    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_TRANSITION);
    assertThat(rejection(result).message()).contains("retry").contains(status.name());
    assertThat(f.queries().status("i")).contains(status);
  }

  @Test
  void shouldRejectARetryOfAnUnknownInstance() {
    ProcessingResult result = retry("nope");

    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.UNKNOWN_INSTANCE);
    assertThat(result.events().get(0).seq()).isZero();
  }

  @Test
  void shouldIgnoreARetryWithACommandIdAlreadySeen() {
    f.createAndStart("i", wf(0, null, Scheduling.GROUPS, task("a", 1)));
    f.failForGood("i", "a", 1, "no");
    f.send(new RetryWorkflow("i", "r-1"));
    f.failForGood("i", "a", 2, "no");

    ProcessingResult again = f.send(new RetryWorkflow("i", "r-1"));

    assertThat(again.outcome()).isEqualTo(ProcessingResult.Outcome.IGNORED_DUPLICATE);
    assertThat(f.queries().status("i")).contains(WorkflowStatus.FAILED);
  }

  @Test
  void shouldCarryTheCommandIdOnTheEventsACommandCaused() {
    f.create("i", wf(0, null, Scheduling.GROUPS, task("a", 1)));

    ProcessingResult started = f.send(new dev.baton.protocol.input.StartWorkflow("i", "c-7"));
    ProcessingResult completed = f.complete("i", "a", 1);

    assertThat(started.events()).extracting(StatusEvent::commandId).containsOnly("c-7");
    assertThat(completed.events()).extracting(StatusEvent::commandId).containsOnly((String) null);
  }
}
