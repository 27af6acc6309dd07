package dev.baton.engine;

import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.definition.WorkflowDefinition;
import org.junit.jupiter.api.Test;

class QueriesTest {

  private final EngineFixture f = new EngineFixture();

  /** a, b, c in parallel, then d. */
  private static WorkflowDefinition threeThenOne() {
    return workflow(task("a", 1), task("b", 1), task("c", 1), task("d", 1, "a", "b", "c"));
  }

  private void givenRunning(WorkflowDefinition definition) {
    f.create("i-1", definition);
    f.start("i-1");
  }

  @Test
  void shouldTellWhetherAWorkflowIsComplete() {
    // given
    givenRunning(workflow(task("a", 1)));
    assertThat(f.queries().isComplete("i-1")).isFalse();

    // when
    f.complete("i-1", "a", 1);

    // then
    assertThat(f.queries().isComplete("i-1")).isTrue();
  }

  @Test
  void shouldTellWhetherAWorkflowIsRunning() {
    // given
    f.create("i-1", workflow(task("a", 1)));
    assertThat(f.queries().isRunning("i-1")).isFalse();

    // when
    f.start("i-1");

    // then
    assertThat(f.queries().isRunning("i-1")).isTrue();
    f.pause("i-1");
    assertThat(f.queries().isRunning("i-1")).isFalse();
  }

  @Test
  void shouldAnswerNeitherCompleteNorRunningForAnUnknownInstance() {
    // when / then
    assertThat(f.queries().isComplete("nope")).isFalse();
    assertThat(f.queries().isRunning("nope")).isFalse();
    assertThat(f.queries().status("nope")).isEmpty();
    assertThat(f.queries().metrics("nope", f.now)).isEmpty();
    assertThat(f.queries().taskStatus("nope", "a")).isEmpty();
  }

  @Test
  void shouldReportTheStatusOfATask() {
    // given
    givenRunning(threeThenOne());

    // when
    f.complete("i-1", "a", 1);

    // then
    assertThat(f.queries().taskStatus("i-1", "a")).contains(TaskStatus.COMPLETED);
    assertThat(f.queries().taskStatus("i-1", "b")).contains(TaskStatus.RUNNING);
    assertThat(f.queries().taskStatus("i-1", "d")).contains(TaskStatus.WAITING);
    assertThat(f.queries().taskStatus("i-1", "nope")).isEmpty();
  }

  @Test
  void shouldListTheRunningTasksInExecutionOrder() {
    // given
    givenRunning(threeThenOne());

    // when
    f.complete("i-1", "b", 1);

    // then
    assertThat(f.queries().runningTasks("i-1")).containsExactly("a", "c");
  }

  @Test
  void shouldListTheCompletedTasksInExecutionOrder() {
    // given
    givenRunning(threeThenOne());

    // when
    f.complete("i-1", "c", 1);
    f.complete("i-1", "a", 1);

    // then
    assertThat(f.queries().completedTasks("i-1")).containsExactly("a", "c");
  }

  @Test
  void shouldListTheFailedTasks() {
    // given
    givenRunning(threeThenOne().withMaxRetries(1));
    f.fail("i-1", "a", 1, "flaky");
    assertThat(f.queries().failedTasks("i-1")).isEmpty();

    // when
    f.fail("i-1", "b", 1, "flaky");
    f.fail("i-1", "b", 2, "broken");

    // then
    assertThat(f.queries().failedTasks("i-1")).containsExactly("b");
  }

  @Test
  void shouldReportProgressZeroBeforeAnyTaskCompletes() {
    // given
    givenRunning(threeThenOne());

    // when
    double progress = f.queries().progress("i-1");

    // then
    assertThat(progress).isEqualTo(0.0);
  }

  @Test
  void shouldReportProgressOneWhenEveryTaskCompleted() {
    // given
    givenRunning(threeThenOne());
    f.complete("i-1", "a", 1);
    f.complete("i-1", "b", 1);
    f.complete("i-1", "c", 1);
    assertThat(f.queries().progress("i-1")).isEqualTo(0.75);

    // when
    f.complete("i-1", "d", 1);

    // then
    assertThat(f.queries().progress("i-1")).isEqualTo(1.0);
  }

  @Test
  void shouldReportProgressOfAWorkflowWithNoTasksAsZeroUntilItCompletes() {
    // given
    f.create("i-1", workflow());
    assertThat(f.queries().progress("i-1")).isEqualTo(0.0);

    // when
    f.start("i-1");

    // then
    assertThat(f.queries().progress("i-1")).isEqualTo(1.0);
  }
}
