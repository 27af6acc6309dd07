package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private final Planner planner = new Planner();

  private static TaskDefinition task(String id, long estimateMs, String... dependencies) {
    return TaskDefinition.of(id, estimateMs, dependencies);
  }

  private static WorkflowDefinition workflow(TaskDefinition... tasks) {
    return WorkflowDefinition.of("wf", Arrays.asList(tasks));
  }

  private Plan planOf(WorkflowDefinition definition) {
    Planner.Result result = planner.plan(definition);
    assertThat(result).isInstanceOf(Planner.Valid.class);
    return ((Planner.Valid) result).analysis().plan();
  }

  private String reasonFor(Planner planner, WorkflowDefinition definition) {
    Planner.Result result = planner.plan(definition);
    assertThat(result).isInstanceOf(Planner.Invalid.class);
    return ((Planner.Invalid) result).reason();
  }

  private String reasonFor(WorkflowDefinition definition) {
    return reasonFor(planner, definition);
  }

  /** A DAG whose three estimates differ: a(10) -> b(50), a -> c(20), b,c -> d(5); e(30) alone. */
  private static WorkflowDefinition weightedDag() {
    return workflow(
        task("a", 10),
        task("b", 50, "a"),
        task("c", 20, "a"),
        task("d", 5, "b", "c"),
        task("e", 30));
  }

  // executionOrder

  @Test
  void shouldOrderTasksSoThatEveryDependencyComesFirst() {
    // given
    WorkflowDefinition definition =
        workflow(task("deploy", 1, "test"), task("test", 1, "build"), task("build", 1));

    // when
    Plan plan = planOf(definition);

    // then
    assertThat(plan.executionOrder()).containsExactly("build", "test", "deploy");
  }

  @Test
  void shouldBreakExecutionOrderTiesByDefinitionOrder() {
    // given
    WorkflowDefinition definition = workflow(task("c", 1), task("a", 1), task("b", 1));

    // when
    Plan plan = planOf(definition);

    // then
    assertThat(plan.executionOrder()).containsExactly("c", "a", "b");
  }

  @Test
  void shouldBreakExecutionOrderTiesByPriorityBeforeDefinitionOrder() {
    // given
    WorkflowDefinition definition =
        workflow(
            task("a", 1),
            task("b", 1).withPriority(5),
            task("c", 1).withPriority(5),
            task("d", 1, "b"));

    // when
    Plan plan = planOf(definition);

    // then
    assertThat(plan.executionOrder()).containsExactly("b", "c", "a", "d");
  }

  @Test
  void shouldNeverLetPriorityOvertakeADependency() {
    // given
    WorkflowDefinition definition = workflow(task("x", 1), task("y", 1, "x").withPriority(100));

    // when
    Plan plan = planOf(definition);

    // then
    assertThat(plan.executionOrder()).containsExactly("x", "y");
  }

  // parallelGroups

  @Test
  void shouldGroupTasksByTheirLongestChainOfDependencies() {
    // given: d depends on a directly, but on the longer chain a -> b -> c through e
    WorkflowDefinition definition =
        workflow(
            task("a", 1),
            task("b", 1, "a"),
            task("c", 1, "b"),
            task("d", 1, "a"),
            task("e", 1, "c", "d"),
            task("f", 1));

    // when
    Plan plan = planOf(definition);

    // then
    assertThat(plan.parallelGroups())
        .containsExactly(List.of("a", "f"), List.of("b", "d"), List.of("c"), List.of("e"));
  }

  @Test
  void shouldPlaceATaskAfterItsDeepestDependency() {
    // given: x depends on a root and on a task three edges deep
    WorkflowDefinition definition =
        workflow(task("r", 1), task("s", 1, "r"), task("t", 1, "s"), task("x", 1, "r", "t"));

    // when
    Plan plan = planOf(definition);

    // then
    assertThat(plan.parallelGroups())
        .containsExactly(List.of("r"), List.of("s"), List.of("t"), List.of("x"));
  }

  // criticalPath

  @Test
  void shouldFindTheChainWithTheLargestSumOfEstimates() {
    // when
    Plan plan = planOf(weightedDag());

    // then: a+b+d = 65 beats a+c+d = 35 and e = 30
    assertThat(plan.criticalPath()).containsExactly("a", "b", "d");
  }

  @Test
  void shouldStartTheCriticalPathAtTheHeaviestRoot() {
    // given
    WorkflowDefinition definition = workflow(task("a", 10), task("b", 10, "a"), task("e", 100));

    // when
    Plan plan = planOf(definition);

    // then
    assertThat(plan.criticalPath()).containsExactly("e");
  }

  // estimatedTotalTimeMs

  @Test
  void shouldEstimateGroupsSchedulingAsTheSumOfEachGroupsLongestTask() {
    // when: groups [a,e] [b,c] [d]
    Plan plan = planOf(weightedDag());

    // then
    assertThat(plan.estimatedTotalTimeMs()).isEqualTo(30 + 50 + 5);
  }

  @Test
  void shouldEstimateEagerSchedulingAsTheCriticalPathLength() {
    // when
    Plan plan = planOf(weightedDag().withScheduling(Scheduling.EAGER));

    // then
    assertThat(plan.estimatedTotalTimeMs()).isEqualTo(10 + 50 + 5);
  }

  @Test
  void shouldEstimateSequentialExecutionAsTheSumOfAllTasks() {
    // when
    Plan plan = planOf(weightedDag().withAllowParallel(false));

    // then
    assertThat(plan.estimatedTotalTimeMs()).isEqualTo(10 + 50 + 20 + 5 + 30);
  }

  @Test
  void shouldPlanAnEmptyWorkflowAsNothingToDo() {
    // when
    Plan plan = planOf(workflow());

    // then
    assertThat(plan.executionOrder()).isEmpty();
    assertThat(plan.parallelGroups()).isEmpty();
    assertThat(plan.criticalPath()).isEmpty();
    assertThat(plan.estimatedTotalTimeMs()).isZero();
  }

  // validation

  @Test
  void shouldRejectADependencyOnAnUnknownTask() {
    // given
    WorkflowDefinition definition = workflow(task("a", 1), task("b", 1, "zzz"));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).isEqualTo("task 'b' depends on unknown task 'zzz'");
  }

  @Test
  void shouldRejectADependencyListedTwice() {
    // given
    WorkflowDefinition definition = workflow(task("a", 1), task("b", 1, "a", "a"));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).isEqualTo("task 'b' lists dependency 'a' twice");
  }

  @Test
  void shouldRejectADuplicateTaskId() {
    // given
    WorkflowDefinition definition = workflow(task("a", 1), task("b", 1), task("a", 2));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).isEqualTo("duplicate task id 'a'");
  }

  @Test
  void shouldRejectANegativeDuration() {
    // given
    WorkflowDefinition definition = workflow(task("a", 1), task("b", -1, "a"));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).isEqualTo("task 'b' has a negative duration: -1");
  }

  @Test
  void shouldRejectMoreTasksThanTheConfiguredMaximum() {
    // given
    Planner limited = new Planner(3);
    WorkflowDefinition definition =
        workflow(task("a", 1), task("b", 1), task("c", 1), task("d", 1));

    // when
    String reason = reasonFor(limited, definition);

    // then
    assertThat(reason).isEqualTo("too many tasks: 4 (the limit is 3)");
  }

  @Test
  void shouldAcceptExactlyTheConfiguredMaximumOfTasks() {
    // given
    Planner limited = new Planner(3);

    // when
    Planner.Result result = limited.plan(workflow(task("a", 1), task("b", 1), task("c", 1)));

    // then
    assertThat(result).isInstanceOf(Planner.Valid.class);
  }

  @Test
  void shouldRejectATaskIdOutsideTheIdPattern() {
    // given
    WorkflowDefinition definition = workflow(task("a", 1), task("not/valid", 1));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).startsWith("invalid task id 'not/valid'");
  }

  @Test
  void shouldRejectAnEmptyTaskId() {
    // when
    String reason = reasonFor(workflow(task("", 1)));

    // then
    assertThat(reason).startsWith("invalid task id ''");
  }

  @Test
  void shouldRejectATaskIdLongerThan128Characters() {
    // given
    String tooLong = "x".repeat(129);

    // when
    String reason = reasonFor(workflow(task(tooLong, 1)));

    // then
    assertThat(reason).startsWith("invalid task id '" + tooLong + "'");
  }

  @Test
  void shouldAcceptIdsMadeOfEveryAllowedCharacterUpTo128Long() {
    // given
    String longest = "Az09._:-".repeat(16);

    // when
    Planner.Result result = planner.plan(workflow(task(longest, 1)));

    // then
    assertThat(longest).hasSize(128);
    assertThat(result).isInstanceOf(Planner.Valid.class);
  }

  @Test
  void shouldRejectAWorkflowIdOutsideTheIdPattern() {
    // given
    WorkflowDefinition definition = WorkflowDefinition.of("has space", List.of(task("a", 1)));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).startsWith("invalid workflow id 'has space'");
  }

  @Test
  void shouldRejectASelfDependencyAsACycle() {
    // given
    WorkflowDefinition definition = workflow(task("a", 1, "a"));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).isEqualTo("dependency cycle: a -> a");
  }

  @Test
  void shouldNameExactlyTheTasksOnACycle() {
    // given: a -> b -> c -> a, with d and e outside the cycle (e downstream of it)
    WorkflowDefinition definition =
        workflow(
            task("d", 1),
            task("a", 1, "c"),
            task("b", 1, "a"),
            task("c", 1, "b"),
            task("e", 1, "d", "a"));

    // when
    String reason = reasonFor(definition);

    // then
    assertThat(reason).startsWith("dependency cycle: ");
    List<String> cycle = List.of(reason.substring("dependency cycle: ".length()).split(" -> "));
    assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
    assertThat(cycle.subList(0, cycle.size() - 1)).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void shouldNameTheCycleInExecutionDirection() {
    // given: b depends on a, a depends on b
    WorkflowDefinition definition = workflow(task("a", 1, "b"), task("b", 1, "a"));

    // when
    String reason = reasonFor(definition);

    // then: each task on the message runs before the next one, were the cycle broken
    assertThat(reason).isIn("dependency cycle: a -> b -> a", "dependency cycle: b -> a -> b");
  }
}
