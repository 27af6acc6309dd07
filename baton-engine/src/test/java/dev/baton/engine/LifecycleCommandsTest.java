package dev.baton.engine;

import static dev.baton.engine.EngineFixture.dispatched;
import static dev.baton.engine.EngineFixture.rejection;
import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.types;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.ProcessingResult.Outcome;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.TaskCancelled;
import dev.baton.protocol.event.WorkflowCancelled;
import dev.baton.protocol.input.CancelWorkflow;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.input.PauseWorkflow;
import dev.baton.protocol.input.ResumeWorkflow;
import dev.baton.protocol.input.StartWorkflow;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleCommandsTest {

  private final EngineFixture f = new EngineFixture();

  /** a and b in parallel, then c. */
  private static WorkflowDefinition twoThenOne() {
    return workflow(task("a", 10), task("b", 10), task("c", 10, "a", "b"));
  }

  private void givenRunning(String instanceId) {
    f.create(instanceId, twoThenOne());
    f.start(instanceId);
  }

  private void givenPaused(String instanceId) {
    givenRunning(instanceId);
    f.pause(instanceId);
  }

  // start

  @Test
  void shouldStartAPendingWorkflowAndDispatchItsFirstGroup() {
    // given
    f.create("i-1", twoThenOne());

    // when
    ProcessingResult result = f.start("i-1");

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(types(result))
        .containsExactly(
            EventType.WorkflowStarted, EventType.TaskDispatched, EventType.TaskDispatched);
    assertThat(result.events())
        .extracting(StatusEvent::status)
        .containsOnly(WorkflowStatus.RUNNING);
    assertThat(dispatched(result)).containsExactly("a", "b");
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.RUNNING);
  }

  @Test
  void shouldRejectStartIfTheWorkflowIsRunning() {
    // given
    givenRunning("i-1");

    // when
    ProcessingResult result = f.start("i-1");

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    CommandRejected rejected = rejection(result);
    assertThat(rejected.command()).isEqualTo("StartWorkflow");
    assertThat(rejected.reason()).isEqualTo(RejectionReason.INVALID_TRANSITION);
    assertThat(rejected.message()).isEqualTo("Expected to start instance 'i-1', but it is RUNNING");
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(result.dispatches()).isEmpty();
    assertThat(f.task("i-1", "a").attempt).isEqualTo(1);
  }

  @Test
  void shouldCompleteTheWorkflowWhenAllTasksAreDone() {
    // given
    givenRunning("i-1");
    f.complete("i-1", "a", 1);
    f.complete("i-1", "b", 1);

    // when
    ProcessingResult result = f.complete("i-1", "c", 1);

    // then
    assertThat(types(result)).containsExactly(EventType.TaskCompleted, EventType.WorkflowCompleted);
    StatusEvent completed = result.events().get(1);
    assertThat(completed.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(completed.progress()).isEqualTo(1.0);
    assertThat(f.queries().isComplete("i-1")).isTrue();
    assertThat(f.instance("i-1").endedAt).isEqualTo(f.now);
  }

  @Test
  void shouldCompleteAWorkflowWithNoTasksAsSoonAsItStarts() {
    // given
    f.create("i-1", workflow());

    // when
    ProcessingResult result = f.start("i-1");

    // then
    assertThat(types(result))
        .containsExactly(EventType.WorkflowStarted, EventType.WorkflowCompleted);
    assertThat(result.events().get(1).progress()).isEqualTo(1.0);
    assertThat(f.queries().isComplete("i-1")).isTrue();
  }

  // pause

  @Test
  void shouldPauseARunningWorkflow() {
    // given
    givenRunning("i-1");

    // when
    ProcessingResult result = f.pause("i-1");

    // then
    assertThat(types(result)).containsExactly(EventType.WorkflowPaused);
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.PAUSED);
    assertThat(f.queries().runningTasks("i-1")).containsExactly("a", "b");
  }

  @Test
  void shouldRejectPauseIfTheWorkflowIsNotRunning() {
    // given
    f.create("i-1", twoThenOne());

    // when
    ProcessingResult result = f.pause("i-1");

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_TRANSITION);
    assertThat(rejection(result).message())
        .isEqualTo("Expected to pause instance 'i-1', but it is PENDING");
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.PENDING);
  }

  @Test
  void shouldRejectPauseIfTheWorkflowIsAlreadyPaused() {
    // given
    givenPaused("i-1");

    // when
    ProcessingResult result = f.pause("i-1");

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_TRANSITION);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.PAUSED);
  }

  // resume

  @Test
  void shouldResumeAPausedWorkflow() {
    // given
    givenPaused("i-1");

    // when
    ProcessingResult result = f.resume("i-1");

    // then
    assertThat(types(result)).containsExactly(EventType.WorkflowResumed);
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(f.queries().isRunning("i-1")).isTrue();
  }

  @Test
  void shouldRejectResumeIfTheWorkflowIsNotPaused() {
    // given
    givenRunning("i-1");

    // when
    ProcessingResult result = f.resume("i-1");

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_TRANSITION);
    assertThat(rejection(result).message())
        .isEqualTo("Expected to resume instance 'i-1', but it is RUNNING");
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.RUNNING);
  }

  @Test
  void shouldDispatchWhatBecameReadyWhilePausedOnResume() {
    // given
    givenPaused("i-1");
    f.complete("i-1", "a", 1);
    f.complete("i-1", "b", 1);

    // when
    ProcessingResult result = f.resume("i-1");

    // then
    assertThat(types(result)).containsExactly(EventType.WorkflowResumed, EventType.TaskDispatched);
    assertThat(dispatched(result)).containsExactly("c");
  }

  @Test
  void shouldCompleteOnResumeAWorkflowWhoseTasksAllCompletedWhilePaused() {
    // given
    givenPaused("i-1");
    f.complete("i-1", "a", 1);
    f.complete("i-1", "b", 1);
    f.resume("i-1");
    f.pause("i-1");
    ProcessingResult last = f.complete("i-1", "c", 1);
    assertThat(types(last)).containsExactly(EventType.TaskCompleted);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.PAUSED);
    assertThat(f.queries().progress("i-1")).isEqualTo(1.0);

    // when
    ProcessingResult result = f.resume("i-1");

    // then
    assertThat(types(result))
        .containsExactly(EventType.WorkflowResumed, EventType.WorkflowCompleted);
    assertThat(result.dispatches()).isEmpty();
    assertThat(f.queries().isComplete("i-1")).isTrue();
  }

  // cancel

  @Test
  void shouldCancelAPendingWorkflow() {
    // given
    f.create("i-1", twoThenOne());

    // when
    ProcessingResult result = f.cancel("i-1", "no longer needed");

    // then
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(new WorkflowCancelled("no longer needed"));
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(f.instance("i-1").cancelReason).isEqualTo("no longer needed");
    assertThat(f.queries().tasksIn("i-1", TaskStatus.WAITING)).containsExactly("a", "b", "c");
  }

  @Test
  void shouldCancelARunningWorkflow() {
    // given
    givenRunning("i-1");

    // when
    ProcessingResult result = f.cancel("i-1", "stop");

    // then
    assertThat(types(result)).endsWith(EventType.WorkflowCancelled);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.CANCELLED);
  }

  @Test
  void shouldCancelAPausedWorkflow() {
    // given
    givenPaused("i-1");

    // when
    ProcessingResult result = f.cancel("i-1", "stop");

    // then
    assertThat(types(result)).endsWith(EventType.WorkflowCancelled);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.CANCELLED);
  }

  @Test
  void shouldCancelEveryRunningTaskBeforeCancellingTheWorkflow() {
    // given
    givenRunning("i-1");

    // when
    ProcessingResult result = f.cancel("i-1", "stop");

    // then
    assertThat(result.events())
        .extracting(StatusEvent::event)
        .containsExactly(
            new TaskCancelled("a", 1), new TaskCancelled("b", 1), new WorkflowCancelled("stop"));
    assertThat(f.queries().tasksIn("i-1", TaskStatus.CANCELLED)).containsExactly("a", "b");
    assertThat(f.queries().taskStatus("i-1", "c")).contains(TaskStatus.WAITING);
    assertThat(f.instance("i-1").runningTasks).isZero();
  }

  @Test
  void shouldRejectResultsOfTasksThatWereRunningWhenTheWorkflowWasCancelled() {
    // given
    givenRunning("i-1");
    f.cancel("i-1", "stop");

    // when
    ProcessingResult completed = f.complete("i-1", "a", 1);
    ProcessingResult failed = f.fail("i-1", "b", 1, "late");

    // then
    assertThat(rejection(completed).reason()).isEqualTo(RejectionReason.WORKFLOW_TERMINAL);
    assertThat(rejection(failed).reason()).isEqualTo(RejectionReason.WORKFLOW_TERMINAL);
    assertThat(completed.events().get(0).status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.CANCELLED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lifecycleCommands")
  void shouldRejectEveryLifecycleCommandOnATerminalInstance(Input command) {
    // given
    f.create("i-1", workflow(task("a", 1)));
    f.start("i-1");
    f.complete("i-1", "a", 1);
    long seq = f.instance("i-1").seq;

    // when
    ProcessingResult result = f.send(command);

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_TRANSITION);
    assertThat(result.events().get(0).seq()).isEqualTo(seq + 1);
    assertThat(result.events().get(0).status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.COMPLETED);
  }

  static Stream<Input> lifecycleCommands() {
    return Stream.of(
        new StartWorkflow("i-1"),
        new PauseWorkflow("i-1"),
        new ResumeWorkflow("i-1"),
        new CancelWorkflow("i-1", "too late"));
  }

  // commandId and unknown instances

  @Test
  void shouldIgnoreACommandWhoseCommandIdTheInstanceHasSeen() {
    // given
    f.create("i-1", twoThenOne());
    f.send(new StartWorkflow("i-1", "c-2"));
    long seq = f.instance("i-1").seq;

    // when
    ProcessingResult result = f.send(new StartWorkflow("i-1", "c-2"));

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED_DUPLICATE);
    assertThat(result.events()).isEmpty();
    assertThat(result.dispatches()).isEmpty();
    assertThat(result.metrics()).isNull();
    assertThat(f.instance("i-1").seq).isEqualTo(seq);
  }

  @Test
  void shouldIgnoreAResentCreateWorkflowWithTheSameCommandId() {
    // given
    CreateWorkflow create = new CreateWorkflow("i-1", "c-1", twoThenOne(), null, false);
    f.send(create);

    // when
    ProcessingResult result = f.send(create);

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED_DUPLICATE);
    assertThat(result.events()).isEmpty();
    assertThat(f.instance("i-1").seq).isEqualTo(1);
  }

  @Test
  void shouldProcessACommandWithANewCommandId() {
    // given
    givenRunning("i-1");
    f.send(new PauseWorkflow("i-1", "c-3"));

    // when
    ProcessingResult result = f.send(new ResumeWorkflow("i-1", "c-4"));

    // then
    assertThat(types(result)).containsExactly(EventType.WorkflowResumed);
  }

  @Test
  void shouldRejectACommandForAnUnknownInstanceWithSeqZeroAndNoStatus() {
    // when
    ProcessingResult result = f.start("nope");

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    StatusEvent event = result.events().get(0);
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.UNKNOWN_INSTANCE);
    assertThat(rejection(result).message())
        .isEqualTo("Expected to start instance 'nope', but no such instance was found");
    assertThat(event.instanceId()).isEqualTo("nope");
    assertThat(event.seq()).isZero();
    assertThat(event.status()).isNull();
    assertThat(event.progress()).isNull();
    assertThat(f.queries().instance("nope")).isEmpty();
  }

  @Test
  void shouldNotRememberTheCommandIdOfACommandForAnUnknownInstance() {
    // given
    f.send(new StartWorkflow("i-1", "c-1"));
    f.create("i-1", workflow(task("a", 1)));

    // when
    ProcessingResult result = f.send(new StartWorkflow("i-1", "c-1"));

    // then
    assertThat(types(result)).containsExactly(EventType.WorkflowStarted, EventType.TaskDispatched);
  }
}
