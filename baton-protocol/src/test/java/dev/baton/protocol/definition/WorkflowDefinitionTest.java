package dev.baton.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {

  @Test
  void shouldCreateADefinitionWithTheContractDefaults() {
    // when
    WorkflowDefinition definition =
        new WorkflowDefinition(
            "deploy", null, null, List.of(TaskDefinition.of("build", 0)), 0, null, true, null);

    // then
    assertThat(definition.name()).isEqualTo("deploy");
    assertThat(definition.scheduling()).isEqualTo(Scheduling.GROUPS);
    assertThat(definition.allowParallel()).isTrue();
    assertThat(definition.timeoutMs()).isNull();
    TaskDefinition task = definition.tasks().get(0);
    assertThat(task.name()).isEqualTo("build");
    assertThat(task.dependencies()).isEmpty();
    assertThat(task.resources()).isEmpty();
    assertThat(task.priority()).isZero();
    assertThat(task.maxRetries()).isNull();
  }

  @Test
  void shouldAllowOneAttemptPlusTheWorkflowsRetries() {
    // given
    TaskDefinition task = TaskDefinition.of("a", 1);
    WorkflowDefinition definition = WorkflowDefinition.of("wf", List.of(task)).withMaxRetries(3);

    // when
    int attempts = definition.attemptsAllowed(task);

    // then
    assertThat(attempts).isEqualTo(4);
  }

  @Test
  void shouldLetATasksMaxRetriesOverrideTheWorkflows() {
    // given
    TaskDefinition task = TaskDefinition.of("a", 1).withMaxRetries(0);
    WorkflowDefinition definition = WorkflowDefinition.of("wf", List.of(task)).withMaxRetries(3);

    // when
    int attempts = definition.attemptsAllowed(task);

    // then
    assertThat(attempts).isEqualTo(1);
  }
}
