package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.ListPosition;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.WorkflowState;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.output.WorkflowMetrics;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Questions about instances. Task lists read every task: for queries, not event handling. */
public final class WorkflowQueries {

  private final WorkflowState state;
  private final MetricsCalculator metrics;

  WorkflowQueries(WorkflowState state, MetricsCalculator metrics) {
    this.state = state;
    this.metrics = metrics;
  }

  /** Queries over any state, such as read-only views of a running application's stores. */
  public static WorkflowQueries of(WorkflowState state) {
    return new WorkflowQueries(state, new MetricsCalculator(state));
  }

  public Optional<InstanceState> instance(String instanceId) {
    return Optional.ofNullable(state.instance(instanceId));
  }

  public Optional<Plan> plan(String instanceId) {
    return Optional.ofNullable(state.plan(instanceId));
  }

  public Optional<WorkflowStatus> status(String instanceId) {
    return instance(instanceId).map(i -> i.status);
  }

  public boolean isComplete(String instanceId) {
    return status(instanceId).filter(s -> s == WorkflowStatus.COMPLETED).isPresent();
  }

  public boolean isRunning(String instanceId) {
    return status(instanceId).filter(s -> s == WorkflowStatus.RUNNING).isPresent();
  }

  public double progress(String instanceId) {
    return instance(instanceId).map(InstanceState::progress).orElse(0.0);
  }

  public Optional<TaskState> task(String instanceId, String taskId) {
    return Optional.ofNullable(state.task(instanceId, taskId));
  }

  public Optional<TaskStatus> taskStatus(String instanceId, String taskId) {
    return task(instanceId, taskId).map(t -> t.status);
  }

  /** Every task, in execution order. */
  public List<TaskState> tasks(String instanceId) {
    return state.tasks(instanceId).stream()
        .sorted(Comparator.comparingInt(t -> t.orderIndex))
        .toList();
  }

  public List<String> tasksIn(String instanceId, TaskStatus status) {
    return tasks(instanceId).stream().filter(t -> t.status == status).map(t -> t.taskId).toList();
  }

  public List<String> runningTasks(String instanceId) {
    return tasksIn(instanceId, TaskStatus.RUNNING);
  }

  public List<String> completedTasks(String instanceId) {
    return tasksIn(instanceId, TaskStatus.COMPLETED);
  }

  public List<String> failedTasks(String instanceId) {
    return tasksIn(instanceId, TaskStatus.FAILED);
  }

  /** The definition the instance was created from, when it was kept (state since v1.1). */
  public Optional<WorkflowDefinition> definition(String instanceId) {
    return Optional.ofNullable(state.definition(instanceId));
  }

  /**
   * A page of instances, newest created first (see {@link WorkflowState#listInstances}); {@code
   * status} and {@code workflowId} may be null for any.
   */
  public List<InstanceState> list(
      WorkflowStatus status, String workflowId, ListPosition after, int limit) {
    return state.listInstances(status, workflowId, after, limit);
  }

  /**
   * Up to {@code limit} tasks in execution order, from position {@code from} of it, that have one
   * of {@code statuses} (empty: any): one point read per task looked at, so a page of a 10,000-task
   * instance costs what it returns (plus what the filter skips).
   *
   * @return the tasks, and the position to go on from (null at the end)
   */
  public TaskPage taskPage(
      String instanceId, int from, int limit, java.util.Set<TaskStatus> statuses) {
    Plan plan = state.plan(instanceId);
    if (plan == null) {
      return new TaskPage(List.of(), null);
    }
    List<String> order = plan.executionOrder();
    List<TaskState> page = new java.util.ArrayList<>();
    int i = Math.max(0, from);
    for (; i < order.size() && page.size() < limit; i++) {
      TaskState task = state.task(instanceId, order.get(i));
      if (task != null && (statuses.isEmpty() || statuses.contains(task.status))) {
        page.add(task);
      }
    }
    return new TaskPage(page, i < order.size() ? i : null);
  }

  /** A page of tasks and where the next one starts in execution order (null: no more). */
  public record TaskPage(List<TaskState> tasks, Integer next) {}

  /** The metrics snapshot as of {@code now}, or empty for an unknown instance. */
  public Optional<WorkflowMetrics> metrics(String instanceId, long now) {
    return instance(instanceId).map(i -> metrics.snapshot(instanceId, now));
  }
}
