package dev.baton.engine;

import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.WorkflowState;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.output.WorkflowMetrics;
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

  MetricsCalculator(WorkflowState state) {
    this.state = state;
  }

  WorkflowMetrics snapshot(String instanceId, long now) {
    InstanceState i = state.instance(instanceId);
    int finished = i.completedTasks + i.failedTasks;
    double successRate = finished == 0 ? 1.0 : (double) i.completedTasks / finished;
    Long actualDuration =
        i.startedAt == null ? null : (i.endedAt != null ? i.endedAt : now) - i.startedAt;
    return new WorkflowMetrics(
        instanceId,
        i.workflowId,
        i.status,
        i.totalTasks,
        i.completedTasks,
        i.failedTasks,
        i.runningTasks,
        i.pendingTasks(),
        i.retries,
        Math.round(successRate * 10_000.0) / 10_000.0,
        i.progress(),
        remainingTime(i, now),
        actualDuration,
        remainingCriticalPath(i),
        now);
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
        credit = Math.min(active.estimatedDurationMs, Math.max(0, now - active.dispatchedAt));
      }
      return Math.max(0, i.remainingEstimateMs - credit);
    }
    if (i.releasesByGroup()) {
      long current = 0;
      for (IndexEntry task : state.frontierByEstimate(id, FRONT)) {
        current = Math.max(current, ownRemaining(task, now));
      }
      return current + i.suffixAfterCurrentGroupMs;
    }
    long longest = 0;
    for (IndexEntry task : state.frontierByTail(id, FRONT)) {
      longest = Math.max(longest, task.tailMs() - task.estimateMs() + ownRemaining(task, now));
    }
    return longest;
  }

  /** A running task counts for what is left of its estimate; a waiting one for all of it. */
  private static long ownRemaining(IndexEntry task, long now) {
    long elapsed = task.running() ? Math.max(0, now - task.dispatchedAt()) : 0;
    return Math.max(0, task.estimateMs() - elapsed);
  }

  private List<String> remainingCriticalPath(InstanceState i) {
    return List.copyOf(i.remainingCriticalPath);
  }
}
