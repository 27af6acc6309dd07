package dev.baton.protocol.definition;

import java.util.List;

/**
 * A workflow definition as embedded in CreateWorkflow, with the contract's defaults applied.
 *
 * @param timeoutMs for the whole workflow; null for none
 */
public record WorkflowDefinition(
    String id,
    String name,
    String description,
    List<TaskDefinition> tasks,
    int maxRetries,
    Long timeoutMs,
    boolean allowParallel,
    Scheduling scheduling) {

  public WorkflowDefinition {
    tasks = List.copyOf(tasks);
    if (name == null) {
      name = id;
    }
    if (scheduling == null) {
      scheduling = Scheduling.GROUPS;
    }
  }

  public static WorkflowDefinition of(String id, List<TaskDefinition> tasks) {
    return new WorkflowDefinition(id, id, null, tasks, 0, null, true, Scheduling.GROUPS);
  }

  public WorkflowDefinition withScheduling(Scheduling newScheduling) {
    return new WorkflowDefinition(
        id, name, description, tasks, maxRetries, timeoutMs, allowParallel, newScheduling);
  }

  public WorkflowDefinition withMaxRetries(int newMaxRetries) {
    return new WorkflowDefinition(
        id, name, description, tasks, newMaxRetries, timeoutMs, allowParallel, scheduling);
  }

  public WorkflowDefinition withAllowParallel(boolean newAllowParallel) {
    return new WorkflowDefinition(
        id, name, description, tasks, maxRetries, timeoutMs, newAllowParallel, scheduling);
  }

  /** How many attempts a task gets in all: the first one plus its retries. */
  public int attemptsAllowed(TaskDefinition task) {
    int retries = task.maxRetries() != null ? task.maxRetries() : maxRetries;
    return (int) Math.min(Integer.MAX_VALUE, 1L + Math.max(0, retries));
  }
}
