package dev.baton.engine;

import static dev.baton.engine.EngineFixture.rejection;
import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.types;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.engine.ProcessingResult.Outcome;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.WorkflowCreated;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.output.TaskDispatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateWorkflowTest {

  private final EngineFixture f = new EngineFixture();

  /** A CI pipeline: checkout, then deps and lint, unit and integration tests, package, deploy. */
  private static WorkflowDefinition pipeline() {
    return workflow(
        task("checkout", 5),
        task("deps", 10, "checkout"),
        task("lint", 3, "checkout"),
        task("unit", 20, "deps"),
        task("integ", 40, "deps"),
        task("package", 8, "unit", "lint"),
        task("deploy", 12, "package", "integ"));
  }

  @Test
  void shouldCreateAPendingInstanceFromValidTasks() {
    // when
    ProcessingResult result =
        f.create("i-1", workflow(task("build", 10), task("test", 20, "build")));

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(types(result)).containsExactly(EventType.WorkflowCreated);
    StatusEvent created = result.events().get(0);
    assertThat(created.seq()).isEqualTo(1);
    assertThat(created.workflowId()).isEqualTo("wf");
    assertThat(created.status()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(created.progress()).isEqualTo(0.0);
    assertThat(result.dispatches()).isEmpty();
    assertThat(f.queries().tasks("i-1"))
        .extracting(t -> t.taskId, t -> t.status)
        .containsExactly(tuple("build", TaskStatus.WAITING), tuple("test", TaskStatus.WAITING));
  }

  @Test
  void shouldRefuseCircularDependenciesNamingTheTasksOnTheCycle() {
    // given
    WorkflowDefinition cyclic =
        workflow(
            task("setup", 1), task("a", 1, "setup", "c"), task("b", 1, "a"), task("c", 1, "b"));

    // when
    ProcessingResult result = f.create("i-1", cyclic);

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    CommandRejected rejected = rejection(result);
    assertThat(rejected.command()).isEqualTo("CreateWorkflow");
    assertThat(rejected.reason()).isEqualTo(RejectionReason.INVALID_DEFINITION);
    assertThat(rejected.message()).startsWith("invalid definition: dependency cycle: ");
    String cycle = rejected.message().substring(rejected.message().lastIndexOf(": ") + 2);
    assertThat(List.of(cycle.split(" -> "))).containsOnly("a", "b", "c");
    assertThat(f.queries().instance("i-1")).isEmpty();
  }

  @Test
  void shouldRejectAnInvalidDefinitionWithSeqZeroAndNoStatus() {
    // when
    ProcessingResult result = f.create("i-1", workflow(task("a", 1, "missing")));

    // then
    StatusEvent event = result.events().get(0);
    assertThat(event.seq()).isZero();
    assertThat(event.status()).isNull();
    assertThat(event.progress()).isNull();
    assertThat(rejection(result).message())
        .isEqualTo("invalid definition: task 'a' depends on unknown task 'missing'");
    assertThat(result.metrics()).isNull();
  }

  @Test
  void shouldRejectADefinitionTheReaderCouldNotUnderstand() {
    // when
    ProcessingResult result =
        f.send(new CreateWorkflow("i-1", null, null, "tasks[0].id is missing", false));

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_DEFINITION);
    assertThat(rejection(result).message()).contains("tasks[0].id is missing");
    assertThat(f.queries().instance("i-1")).isEmpty();
  }

  @Test
  void shouldRejectATaskWhoseDispatchWouldBeLargerThanTheOutputLimit() {
    // given a task input of 5 MB, over the default 4 MiB output limit
    String input = "\"" + "x".repeat(5_000_000) + "\"";
    TaskDefinition big =
        new TaskDefinition("big", "big", 1, List.of(), List.of(), 0, null, null, null, input);

    // when
    ProcessingResult result = f.create("i-1", workflow(task("a", 1), big));

    // then refused when created, never found out when the dispatch is too large to write
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_DEFINITION);
    assertThat(rejection(result).message())
        .contains("task 'big' makes records of up to")
        .contains("over the limit of 4194304 (baton.max-output-record-bytes)");
    assertThat(f.queries().instance("i-1")).isEmpty();
  }

  @Test
  void shouldBoundTheStoredTaskWhoseInputGrowsWhenKeptAsAJsonString() {
    // given an input of 1.5 MiB of quotes: 3 MiB once escaped in the stored task, under the
    // 4 MiB limit as a dispatch, over a 2 MiB one as a stored task
    String input = "\"" + "\\\"".repeat(786_432) + "\"";
    TaskDefinition quoted =
        new TaskDefinition("q", "q", 1, List.of(), List.of(), 0, null, null, null, input);
    EngineFixture limited = new EngineFixture(new EngineConfig(10_000, 20, 2L * 1024 * 1024));

    // when
    ProcessingResult result = limited.create("i-1", workflow(quoted));

    // then
    assertThat(rejection(result).message()).contains("task 'q' makes records of up to");
  }

  @Test
  void shouldRejectAPlanWhoseWorkflowCreatedEventWouldBeLargerThanTheOutputLimit() {
    // given 200 tasks with 100-character ids: a plan of about 60 KB, over a 32 KiB limit
    EngineFixture limited = new EngineFixture(new EngineConfig(10_000, 20, 32 * 1024));
    List<TaskDefinition> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      tasks.add(task(String.format("%0100d", i), 1));
    }

    // when
    ProcessingResult result = limited.create("i-1", workflow(tasks.toArray(TaskDefinition[]::new)));
    ProcessingResult fits = f.create("i-2", workflow(tasks.toArray(TaskDefinition[]::new)));

    // then
    assertThat(rejection(result).message())
        .contains("its plan makes a WorkflowCreated event of up to")
        .contains("over the output limit of 32768");
    assertThat(fits.outcome()).isEqualTo(ProcessingResult.Outcome.APPLIED);
  }

  @Test
  void shouldRejectMoreTasksThanTheEngineIsConfiguredFor() {
    // given
    EngineFixture limited = new EngineFixture(new EngineConfig(3, 50));

    // when
    ProcessingResult result =
        limited.create("i-1", workflow(task("a", 1), task("b", 1), task("c", 1), task("d", 1)));

    // then
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.INVALID_DEFINITION);
    assertThat(rejection(result).message()).contains("too many tasks: 4 (the limit is 3)");
  }

  @Test
  void shouldCreateAnInstanceWithAnEmptyTaskList() {
    // when
    ProcessingResult result = f.create("i-1", workflow());

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.PENDING);
    assertThat(f.instance("i-1").totalTasks).isZero();
    assertThat(f.queries().plan("i-1").orElseThrow().executionOrder()).isEmpty();
    assertThat(result.events().get(0).progress()).isEqualTo(0.0);
  }

  @Test
  void shouldCreateAnInstanceWithASingleTask() {
    // when
    ProcessingResult result = f.create("i-1", workflow(task("only", 7)));

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    Plan plan = f.queries().plan("i-1").orElseThrow();
    assertThat(plan.executionOrder()).containsExactly("only");
    assertThat(plan.parallelGroups()).containsExactly(List.of("only"));
    assertThat(plan.criticalPath()).containsExactly("only");
    assertThat(plan.estimatedTotalTimeMs()).isEqualTo(7);
    assertThat(f.queries().taskStatus("i-1", "only")).contains(TaskStatus.WAITING);
  }

  @Test
  void shouldPlanAndRunAnInstanceWithComplexDependencies() {
    // when
    f.create("i-1", pipeline());

    // then
    Plan plan = f.queries().plan("i-1").orElseThrow();
    assertThat(plan.executionOrder())
        .containsExactly("checkout", "deps", "lint", "unit", "integ", "package", "deploy");
    assertThat(plan.parallelGroups())
        .containsExactly(
            List.of("checkout"),
            List.of("deps", "lint"),
            List.of("unit", "integ"),
            List.of("package"),
            List.of("deploy"));
    assertThat(plan.criticalPath()).containsExactly("checkout", "deps", "integ", "deploy");
    assertThat(plan.estimatedTotalTimeMs()).isEqualTo(5 + 10 + 40 + 8 + 12);
    assertThat(EngineFixture.dispatched(f.start("i-1"))).containsExactly("checkout");
    assertThat(EngineFixture.dispatched(f.complete("i-1", "checkout", 1)))
        .containsExactly("deps", "lint");
    assertThat(EngineFixture.dispatched(f.complete("i-1", "lint", 1))).isEmpty();
    assertThat(EngineFixture.dispatched(f.complete("i-1", "deps", 1)))
        .containsExactly("unit", "integ");
    assertThat(EngineFixture.dispatched(f.complete("i-1", "integ", 1))).isEmpty();
    assertThat(EngineFixture.dispatched(f.complete("i-1", "unit", 1))).containsExactly("package");
    assertThat(EngineFixture.dispatched(f.complete("i-1", "package", 1))).containsExactly("deploy");
    assertThat(types(f.complete("i-1", "deploy", 1)))
        .containsExactly(EventType.TaskCompleted, EventType.WorkflowCompleted);
  }

  @Test
  void shouldKeepInstancesWithDifferentIdsIndependent() {
    // given
    f.create("i-1", workflow(task("a", 1)));
    f.create("i-2", workflow(task("a", 1), task("b", 1)));

    // when
    f.start("i-1");
    f.complete("i-1", "a", 1);

    // then
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.COMPLETED);
    assertThat(f.queries().status("i-2")).contains(WorkflowStatus.PENDING);
    assertThat(f.queries().taskStatus("i-2", "a")).contains(TaskStatus.WAITING);
    assertThat(f.events("i-2")).extracting(StatusEvent::seq).containsExactly(1L);
    assertThat(f.events("i-1")).extracting(StatusEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void shouldRejectCreationIfTheInstanceIdAlreadyExists() {
    // given
    f.create("i-1", workflow(task("a", 1)));

    // when
    ProcessingResult result = f.create("i-1", workflow(task("x", 1), task("y", 1)));

    // then
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(rejection(result).reason()).isEqualTo(RejectionReason.ALREADY_EXISTS);
    StatusEvent event = result.events().get(0);
    assertThat(event.seq()).isEqualTo(2);
    assertThat(event.status()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(event.progress()).isEqualTo(0.0);
    assertThat(f.queries().tasks("i-1")).extracting(t -> t.taskId).containsExactly("a");
  }

  @Test
  void shouldCarryThePlanInWorkflowCreatedAndKeepItWithTheInstance() {
    // when
    ProcessingResult result = f.create("i-1", pipeline());

    // then
    WorkflowCreated created = (WorkflowCreated) result.events().get(0).event();
    Plan announced = created.analysis().plan();
    assertThat(f.queries().plan("i-1")).contains(announced);
    assertThat(announced.executionOrder()).hasSize(7);
  }

  @Test
  void shouldCreateAndStartInOneStep() {
    // when
    ProcessingResult result = f.createAndStart("i-1", workflow(task("a", 1), task("b", 1)));

    // then
    assertThat(types(result))
        .containsExactly(
            EventType.WorkflowCreated,
            EventType.WorkflowStarted,
            EventType.TaskDispatched,
            EventType.TaskDispatched);
    assertThat(result.events()).extracting(StatusEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(EngineFixture.dispatched(result)).containsExactly("a", "b");
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.RUNNING);
  }

  @Test
  void shouldPassTheTaskDefinitionToItsDispatch() {
    // given
    WorkflowDefinition definition =
        workflow(
            new TaskDefinition(
                "test",
                "Test",
                20,
                List.of(),
                List.of(),
                1,
                5,
                60_000L,
                null,
                "{\"suite\":\"all\"}"));

    // when
    ProcessingResult result = f.createAndStart("i-1", definition);

    // then
    TaskDispatch dispatch = result.dispatches().get(0);
    assertThat(dispatch)
        .isEqualTo(
            new TaskDispatch(
                "i-1", "wf", "test", "Test", 1, "{\"suite\":\"all\"}", 60_000L, f.now));
    TaskState task = f.task("i-1", "test");
    assertThat(task.attemptsAllowed).isEqualTo(6);
  }
}
