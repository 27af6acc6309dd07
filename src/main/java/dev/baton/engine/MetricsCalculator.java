package dev.baton.engine;

import dev.baton.domain.TaskStatus;
import dev.baton.domain.WorkflowStatus;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.WorkflowState;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics snapshot of one instance, from its header and the front of its indexes: a bounded
 * number of reads, whatever the size of the workflow.
 */
final class MetricsCalculator {

  /**
   * How many frontier tasks the remaining-time estimate looks at. The frontier is ordered by the
   * static estimate; elapsed time can reorder its head, so a few are compared, not just the first.
   */
  private static final int FRONT = 4;

  private final WorkflowState state;
  private final int criticalPathLimit;

  MetricsCalculator(WorkflowState state, int criticalPathLimit) {
    this.state = state;
    this.criticalPathLimit = criticalPathLimit;
  }

  WorkflowMetrics snapshot(String instanceId, long now) {
    InstanceState i = state.instance(instanceId);
    int finished = i.completedTasks + i.failedTasks;
    double successRate = finished == 0 ? 1.0 : (double) i.completedTasks / finished;
    Long actualDuration = i.startedAt == null ? null
        : (i.endedAt != null ? i.endedAt : now) - i.startedAt;
    return new WorkflowMetrics(instanceId, i.workflowId, i.status, i.totalTasks, i.completedTasks,
        i.failedTasks, i.runningTasks, i.pendingTasks(), i.retries,
        Math.round(successRate * 10_000.0) / 10_000.0, i.progress(), remainingTime(i, now),
        actualDuration, remainingCriticalPath(i), now);
  }

  private long remainingTime(InstanceState i, long now) {
    if (i.status.isTerminal()) {
      return 0;
    }
    if (i.status == WorkflowStatus.PENDING) {
      return i.estimatedTotalTimeMs;
    }
    String id = i.instanceId;
    if (!i.allowParallel) {
      long credit = 0;
      if (i.activeTaskId != null) {
        TaskState active = state.task(id, i.activeTaskId);
        credit = Math.min(active.estimatedDurationMs, elapsed(active, now));
      }
      return Math.max(0, i.remainingEstimateMs - credit);
    }
    if (i.releasesByGroup()) {
      long current = 0;
      for (String taskId : state.frontierByEstimate(id, FRONT)) {
        TaskState task = state.task(id, taskId);
        current = Math.max(current, task.estimatedDurationMs - elapsed(task, now));
      }
      return current + i.suffixAfterCurrentGroupMs;
    }
    long longest = 0;
    for (String taskId : state.frontierByTail(id, FRONT)) {
      TaskState task = state.task(id, taskId);
      long ownRemaining = Math.max(0, task.estimatedDurationMs - elapsed(task, now));
      longest = Math.max(longest, task.tailMs - task.estimatedDurationMs + ownRemaining);
    }
    return longest;
  }

  private static long elapsed(TaskState task, long now) {
    return task.status == TaskStatus.RUNNING ? Math.max(0, now - task.dispatchedAt) : 0;
  }

  private List<String> remainingCriticalPath(InstanceState i) {
    if (i.status.isTerminal()) {
      return List.of();
    }
    if (i.status == WorkflowStatus.PENDING) {
      return i.criticalPathHead;
    }
    List<String> path = new ArrayList<>();
    List<String> head = state.frontierByTail(i.instanceId, 1);
    String next = head.isEmpty() ? null : head.get(0);
    while (next != null && path.size() < criticalPathLimit) {
      path.add(next);
      next = state.task(i.instanceId, next).criticalNext;
    }
    return path;
  }
}
