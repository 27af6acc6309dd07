package dev.baton.engine;

import static dev.baton.engine.EngineFixture.dispatched;
import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.types;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.output.TaskDispatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulingTest {

  private final EngineFixture f = new EngineFixture();

  /** A short chain a(10) -> c(10) beside a long root b(50). */
  private static WorkflowDefinition shortChainBesideLongRoot() {
    return workflow(task("a", 10), task("b", 50), task("c", 10, "a"));
  }

  @Test
  void shouldDispatchEveryTaskOfTheFirstGroupOnStart() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1), task("c", 1, "a")));

    // when
    ProcessingResult result = f.start("i-1");

    // then
    assertThat(dispatched(result)).containsExactly("a", "b");
  }

  @Test
  void shouldCompleteEveryTaskOfAParallelGroupBeforeTheNextGroupStarts() {
    // given: c only needs a, but sits in the group after a and b
    f.create("i-1", shortChainBesideLongRoot());
    f.start("i-1");

    // when
    ProcessingResult afterA = f.complete("i-1", "a", 1);
    ProcessingResult afterB = f.complete("i-1", "b", 1);

    // then
    assertThat(afterA.dispatches()).isEmpty();
    assertThat(dispatched(afterB)).containsExactly("c");
  }

  @Test
  void shouldDispatchInADifferentOrderUnderEagerThanUnderGroups() {
    // given
    f.create("groups", shortChainBesideLongRoot());
    f.create("eager", shortChainBesideLongRoot().withScheduling(Scheduling.EAGER));
    f.start("groups");
    f.start("eager");

    // when
    ProcessingResult groupsAfterA = f.complete("groups", "a", 1);
    ProcessingResult eagerAfterA = f.complete("eager", "a", 1);
    ProcessingResult groupsAfterB = f.complete("groups", "b", 1);
    ProcessingResult eagerAfterB = f.complete("eager", "b", 1);

    // then
    assertThat(dispatched(groupsAfterA)).isEmpty();
    assertThat(dispatched(groupsAfterB)).containsExactly("c");
    assertThat(dispatched(eagerAfterA)).containsExactly("c");
    assertThat(dispatched(eagerAfterB)).isEmpty();
  }

  @Test
  void shouldEstimateADifferentTotalTimeUnderEagerThanUnderGroups() {
    // when
    f.create("groups", shortChainBesideLongRoot());
    f.create("eager", shortChainBesideLongRoot().withScheduling(Scheduling.EAGER));

    // then: GROUPS waits for b before c (50 + 10); EAGER overlaps the chain with b (50)
    assertThat(f.queries().plan("groups").orElseThrow().estimatedTotalTimeMs()).isEqualTo(60);
    assertThat(f.queries().plan("eager").orElseThrow().estimatedTotalTimeMs()).isEqualTo(50);
  }

  @Test
  void shouldCompleteAnEagerWorkflowWhenItsLastTaskCompletes() {
    // given
    f.create("i-1", shortChainBesideLongRoot().withScheduling(Scheduling.EAGER));
    f.start("i-1");
    f.complete("i-1", "a", 1);
    f.complete("i-1", "c", 1);

    // when
    ProcessingResult result = f.complete("i-1", "b", 1);

    // then
    assertThat(types(result)).containsExactly(EventType.TaskCompleted, EventType.WorkflowCompleted);
  }

  @Test
  void shouldRunOneTaskAtATimeInExecutionOrderWhenParallelismIsOff() {
    // given: execution order is b (higher priority), a, c
    WorkflowDefinition sequential =
        workflow(task("a", 10), task("b", 20).withPriority(1), task("c", 30, "a"))
            .withAllowParallel(false);
    f.create("i-1", sequential);
    List<String> order = f.queries().plan("i-1").orElseThrow().executionOrder();

    // when
    List<String> dispatchOrder = new ArrayList<>(dispatched(f.start("i-1")));
    List<Integer> running = new ArrayList<>(List.of(f.instance("i-1").runningTasks));
    while (!f.queries().isComplete("i-1")) {
      String current = f.queries().runningTasks("i-1").get(0);
      dispatchOrder.addAll(dispatched(f.complete("i-1", current, 1)));
      running.add(f.instance("i-1").runningTasks);
    }

    // then
    assertThat(order).containsExactly("b", "a", "c");
    assertThat(dispatchOrder).isEqualTo(order);
    assertThat(running).containsExactly(1, 1, 1, 0);
  }

  @Test
  void shouldEstimateSequentialExecutionAsTheSumOfAllTasks() {
    // when
    f.create("i-1", shortChainBesideLongRoot().withAllowParallel(false));

    // then
    assertThat(f.queries().plan("i-1").orElseThrow().estimatedTotalTimeMs()).isEqualTo(70);
  }

  @Test
  void shouldRetryTheSameTaskBeforeMovingOnWhenParallelismIsOff() {
    // given
    f.create(
        "i-1", workflow(task("a", 1), task("b", 1)).withAllowParallel(false).withMaxRetries(1));
    f.start("i-1");

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "flaky");

    // then
    assertThat(result.dispatches())
        .extracting(TaskDispatch::taskId, TaskDispatch::attempt)
        .containsExactly(tuple("a", 2));
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.READY);
  }

  @Test
  void shouldHoldTheNextSequentialTaskWhilePaused() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1)).withAllowParallel(false));
    f.start("i-1");
    f.pause("i-1");

    // when
    ProcessingResult completed = f.complete("i-1", "a", 1);
    ProcessingResult resumed = f.resume("i-1");

    // then
    assertThat(completed.dispatches()).isEmpty();
    assertThat(dispatched(resumed)).containsExactly("b");
  }
}
