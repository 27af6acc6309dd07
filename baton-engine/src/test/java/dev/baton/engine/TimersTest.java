package dev.baton.engine;

import static dev.baton.engine.EngineFixture.dispatched;
import static dev.baton.engine.EngineFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.RetryBackoff;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.TaskFailed;
import dev.baton.protocol.event.TaskTimedOut;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.output.TaskDispatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task timeouts, retry backoff and the workflow timeout, driven by an explicit clock. */
class TimersTest {

  private final EngineFixture f = new EngineFixture();

  private static TaskDefinition timed(String id, long timeoutMs, String... dependencies) {
    return new TaskDefinition(
        id, id, 100, List.of(dependencies), List.of(), 0, null, timeoutMs, null, null);
  }

  private static TaskDefinition backingOff(String id, RetryBackoff backoff) {
    return new TaskDefinition(id, id, 100, List.of(), List.of(), 0, null, null, backoff, null);
  }

  private static WorkflowDefinition workflow(
      int maxRetries, Long timeoutMs, TaskDefinition... tasks) {
    return new WorkflowDefinition(
        "wf", "wf", null, List.of(tasks), maxRetries, timeoutMs, true, null);
  }

  @Test
  void shouldTimeOutAnAttemptThatReportsNothingAndRetryIt() {
    // given
    f.createAndStart("i-1", workflow(1, null, timed("t", 500)));
    // when
    f.now += 499;
    ProcessingResult early = f.fireTimers();
    f.now += 1;
    ProcessingResult due = f.fireTimers();
    // then
    assertThat(early.events()).isEmpty();
    assertThat(types(due)).containsExactly(EventType.TaskTimedOut, EventType.TaskDispatched);
    TaskTimedOut timedOut = (TaskTimedOut) due.events().get(0).event();
    assertThat(timedOut.error()).isEqualTo("timed out after 500 ms");
    assertThat(timedOut.attempt()).isEqualTo(1);
    assertThat(timedOut.willRetry()).isTrue();
    assertThat(timedOut.retryAt()).isEqualTo(f.now);
    assertThat(due.dispatches()).extracting(TaskDispatch::attempt).containsExactly(2);
  }

  @Test
  void shouldFailTheWorkflowWhenTheLastAttemptTimesOut() {
    // given
    f.createAndStart("i-1", workflow(0, null, timed("t", 500)));
    // when
    f.now += 500;
    ProcessingResult due = f.fireTimers();
    // then
    assertThat(types(due)).containsExactly(EventType.TaskTimedOut, EventType.WorkflowFailed);
    assertThat(((WorkflowFailed) due.events().get(1).event()).error())
        .isEqualTo("task t failed after 1 attempts: timed out after 500 ms");
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.FAILED);
  }

  @Test
  void shouldRejectAResultThatArrivesAfterItsAttemptTimedOutAsStale() {
    // given
    f.createAndStart("i-1", workflow(0, null, timed("t", 500)));
    f.now += 500;
    f.fireTimers();
    f.createAndStart("i-2", workflow(2, null, timed("t", 500)));
    f.createAndStart(
        "i-3",
        workflow(
            2,
            null,
            new TaskDefinition(
                "t",
                "t",
                100,
                List.of(),
                List.of(),
                0,
                null,
                500L,
                new RetryBackoff(10_000, 2.0, null),
                null)));
    f.now += 500;
    f.fireTimers();
    // when
    ProcessingResult lateOnRetry = f.complete("i-2", "t", 1);
    ProcessingResult lateDuringBackoff = f.complete("i-3", "t", 1);
    // then
    assertThat(EngineFixture.rejection(lateOnRetry).reason())
        .isEqualTo(RejectionReason.STALE_ATTEMPT);
    CommandRejected rejected = EngineFixture.rejection(lateDuringBackoff);
    assertThat(rejected.reason()).isEqualTo(RejectionReason.STALE_ATTEMPT);
    assertThat(rejected.message()).contains("timed out");
    assertThat(EngineFixture.rejection(f.complete("i-1", "t", 1)).reason())
        .isEqualTo(RejectionReason.WORKFLOW_TERMINAL);
  }

  @Test
  void shouldNotFireTheTimeoutOfAnAttemptThatCompletedInTime() {
    // given
    f.createAndStart("i-1", workflow(0, null, timed("a", 500), timed("b", 500, "a")));
    f.now += 100;
    f.complete("i-1", "a", 1);
    // when
    f.now += 450;
    ProcessingResult afterFirstDeadline = f.fireTimers();
    f.complete("i-1", "b", 1);
    f.now += 10_000;
    ProcessingResult muchLater = f.fireTimers();
    // then
    assertThat(afterFirstDeadline.events()).isEmpty();
    assertThat(muchLater.events()).isEmpty();
    assertThat(f.queries().isComplete("i-1")).isTrue();
  }

  @Test
  void shouldWaitOutTheBackoffBeforeDispatchingARetry() {
    // given
    f.createAndStart(
        "i-1", workflow(3, null, backingOff("t", new RetryBackoff(1_000, 2.0, 3_000L))));
    long failedAt = f.now;
    // when
    ProcessingResult failed = f.fail("i-1", "t", 1, "boom");
    // then
    assertThat(types(failed)).containsExactly(EventType.TaskFailed);
    assertThat(((TaskFailed) failed.events().get(0).event()).retryAt()).isEqualTo(failedAt + 1_000);
    f.now = failedAt + 999;
    assertThat(f.fireTimers().events()).isEmpty();
    f.now = failedAt + 1_000;
    assertThat(f.fireTimers().dispatches()).extracting(TaskDispatch::attempt).containsExactly(2);

    // and the next wait doubles, up to maxMs
    ProcessingResult second = f.fail("i-1", "t", 2, "boom");
    assertThat(((TaskFailed) second.events().get(0).event()).retryAt()).isEqualTo(f.now + 2_000);
    f.now += 2_000;
    assertThat(dispatched(f.fireTimers())).containsExactly("t");
    ProcessingResult third = f.fail("i-1", "t", 3, "boom");
    assertThat(((TaskFailed) third.events().get(0).event()).retryAt()).isEqualTo(f.now + 3_000);
  }

  @Test
  void shouldHoldADueRetryWhilePausedAndDispatchItOnResume() {
    // given
    f.createAndStart("i-1", workflow(1, null, backingOff("t", new RetryBackoff(1_000, 2.0, null))));
    f.fail("i-1", "t", 1, "boom");
    f.pause("i-1");
    // when
    f.now += 5_000;
    ProcessingResult whilePaused = f.fireTimers();
    ProcessingResult resumed = f.resume("i-1");
    // then
    assertThat(whilePaused.events()).isEmpty();
    assertThat(types(resumed)).containsExactly(EventType.WorkflowResumed, EventType.TaskDispatched);
    assertThat(resumed.dispatches()).extracting(TaskDispatch::attempt).containsExactly(2);
  }

  @Test
  void shouldKeepARetryWaitingWhenResumedBeforeItsBackoffEnds() {
    // given
    f.createAndStart("i-1", workflow(1, null, backingOff("t", new RetryBackoff(1_000, 2.0, null))));
    long failedAt = f.now;
    f.fail("i-1", "t", 1, "boom");
    f.pause("i-1");
    f.now += 200;
    // when
    ProcessingResult resumed = f.resume("i-1");
    // then
    assertThat(types(resumed)).containsExactly(EventType.WorkflowResumed);
    f.now = failedAt + 1_000;
    assertThat(dispatched(f.fireTimers())).containsExactly("t");
  }

  @Test
  void shouldAcceptAResultWrittenInTimeThatIsProcessedAfterTheDeadline() {
    // given attempt 1 with a 3 s timeout, dispatched at now
    f.createAndStart("i-1", workflow(0, null, timed("t", 3_000)));
    long dispatchedAt = f.now;
    // when the worker's answer, written 114 ms later, is processed 4 s later (a stopped server)
    f.now = dispatchedAt + 4_000;
    CompleteTask late = new CompleteTask("i-1", "t", 1, null);
    List<ProcessingResult> firedFirst = new java.util.ArrayList<>();
    f.engine.fireTimersDueBefore(late, dispatchedAt + 114, firedFirst::add);
    ProcessingResult result = f.send(late);
    // then the timeout was not due when the result was written, and the result wins
    assertThat(firedFirst).isEmpty();
    assertThat(types(result)).containsExactly(EventType.TaskCompleted, EventType.WorkflowCompleted);
  }

  @Test
  void shouldCallARetryDueWhilePausedUnchangedRatherThanADuplicate() {
    // given
    f.createAndStart("i-1", workflow(1, null, backingOff("t", new RetryBackoff(1_000, 2.0, null))));
    f.fail("i-1", "t", 1, "boom");
    f.pause("i-1");
    int before = f.results.size();
    // when
    f.now += 5_000;
    f.fireTimers();
    // then
    assertThat(f.results.subList(before, f.results.size()))
        .extracting(ProcessingResult::outcome)
        .containsExactly(ProcessingResult.Outcome.UNCHANGED);
  }

  @Test
  void shouldLetAnAttemptRunningWhenPausedTimeOutAndHoldItsRetry() {
    // given
    f.createAndStart("i-1", workflow(1, null, timed("t", 500)));
    f.pause("i-1");
    // when
    f.now += 500;
    ProcessingResult whilePaused = f.fireTimers();
    ProcessingResult resumed = f.resume("i-1");
    // then
    assertThat(types(whilePaused)).containsExactly(EventType.TaskTimedOut);
    assertThat(whilePaused.events().get(0).status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(resumed.dispatches()).extracting(TaskDispatch::attempt).containsExactly(2);
  }

  @Test
  void shouldFailAWorkflowThatRunsOutOfTimeAndCancelItsRunningTasks() {
    // given
    f.createAndStart("i-1", workflow(0, 10_000L, timed("a", 60_000), timed("b", 60_000)));
    // when
    f.now += 9_999;
    ProcessingResult early = f.fireTimers();
    f.now += 1;
    ProcessingResult due = f.fireTimers();
    // then
    assertThat(early.events()).isEmpty();
    assertThat(types(due))
        .containsExactly(
            EventType.TaskCancelled, EventType.TaskCancelled, EventType.WorkflowFailed);
    assertThat(((WorkflowFailed) due.events().get(2).event()).error())
        .isEqualTo("workflow timed out after 10000 ms");
    // the attempts' own timeouts went with them
    f.now += 120_000;
    assertThat(f.fireTimers().events()).isEmpty();
  }

  @Test
  void shouldStopTheWorkflowClockWhilePaused() {
    // given
    long start = f.now;
    f.createAndStart("i-1", workflow(0, 10_000L, TaskDefinition.of("t", 100)));
    f.now = start + 4_000;
    f.pause("i-1");
    // when
    f.now = start + 50_000;
    ProcessingResult whilePaused = f.fireTimers();
    f.resume("i-1");
    f.now = start + 50_000 + 5_999;
    ProcessingResult beforeTheRest = f.fireTimers();
    f.now = start + 50_000 + 6_000;
    ProcessingResult whenTheRestIsUsed = f.fireTimers();
    // then
    assertThat(whilePaused.events()).isEmpty();
    assertThat(beforeTheRest.events()).isEmpty();
    assertThat(types(whenTheRestIsUsed))
        .containsExactly(EventType.TaskCancelled, EventType.WorkflowFailed);
  }

  @Test
  void shouldFireEachTimerExactlyOnce() {
    // given
    f.createAndStart("i-1", workflow(5, null, timed("t", 500)));
    f.now += 500;
    // when
    ProcessingResult first = f.fireTimers();
    ProcessingResult again = f.fireTimers();
    // then
    assertThat(types(first)).containsExactly(EventType.TaskTimedOut, EventType.TaskDispatched);
    assertThat(again.events()).isEmpty();
  }

  @Test
  void shouldNotFireTimersOfACancelledWorkflow() {
    // given
    f.createAndStart("i-1", workflow(2, 5_000L, timed("t", 500)));
    f.cancel("i-1", "no longer needed");
    // when
    f.now += 60_000;
    // then
    assertThat(f.fireTimers().events()).isEmpty();
  }

  @Test
  void shouldFindDueTimersWithoutLookingAtTimersNotYetDue() {
    // given
    for (int i = 0; i < 500; i++) {
      f.createAndStart("i-" + i, workflow(0, 3_600_000L, timed("t", 600_000)));
    }
    f.fireTimers();
    // when
    long before = f.entries.visited;
    f.now += 1_000;
    ProcessingResult nothingDue = f.fireTimers();
    // then
    assertThat(nothingDue.events()).isEmpty();
    assertThat(f.entries.visited - before).isZero();
  }

  @Test
  void shouldFireEveryTimerOfABurstDueInTheSameMillisecond() {
    // given
    int burst = 300;
    for (int i = 0; i < burst; i++) {
      f.createAndStart("i-" + i, workflow(0, 5_000L, TaskDefinition.of("t", 100)));
    }
    f.now += 5_000;
    long before = f.entries.visited;
    // when
    ProcessingResult fired = f.fireTimers();
    // then
    assertThat(fired.events())
        .filteredOn(e -> e.event().type() == EventType.WorkflowFailed)
        .hasSize(burst);
    // one timer visited per firing, plus the frontier walks of the ended instances
    assertThat(f.entries.visited - before).isLessThan(burst * 4L);
  }

  @Test
  void shouldSayWhichTimerEachFiredResultCameFromAndWhenItWasDue() {
    // given
    f.createAndStart("i-1", workflow(1, null, timed("t", 500), timed("u", 800)));
    long dispatchedAt = f.now;
    int before = f.results.size();
    // when: t's timeout fires in a scan, u's ahead of a result written after it was due
    f.now = dispatchedAt + 600;
    f.fireTimers();
    CompleteTask late = new CompleteTask("i-1", "u", 1, null);
    List<ProcessingResult> firedFirst = new java.util.ArrayList<>();
    f.now = dispatchedAt + 1_000;
    f.engine.fireTimersDueBefore(late, dispatchedAt + 900, f.now, firedFirst::add);
    // then
    assertThat(f.results.subList(before, f.results.size()))
        .extracting(r -> r.timer().kind() + "@" + (r.timer().dueAt() - dispatchedAt))
        .containsExactly("TASK_TIMEOUT@500");
    assertThat(firedFirst)
        .extracting(r -> r.timer().kind() + "@" + (r.timer().dueAt() - dispatchedAt))
        .containsExactly("TASK_TIMEOUT@800");
    assertThat(f.send(late).timer()).isNull();
  }
}
