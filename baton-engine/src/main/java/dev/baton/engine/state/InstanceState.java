package dev.baton.engine.state;

import dev.baton.domain.Transition;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Scheduling;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of one instance: its lifecycle and the running counts every event needs. Its size is
 * bounded whatever the number of tasks (task executions live in their own entries; the frontier is
 * kept here only while it is small), so the cost of rewriting it per event is too. Mutated only by
 * {@code EventApplier} and the state layer.
 */
public final class InstanceState {

  /** Older transitions are dropped past this many, so endless pause/resume stays bounded. */
  public static final int HISTORY_LIMIT = 100;

  public String instanceId;
  public String workflowId;
  public WorkflowStatus status;

  /** The seq of the last status event of this instance. */
  public long seq;

  public long createdAt;
  public Long startedAt;
  public Long endedAt;
  public int totalTasks;
  public int completedTasks;
  public int failedTasks;
  public int runningTasks;
  public int cancelledTasks;
  public int retries;
  public Scheduling scheduling;
  public boolean allowParallel;
  public Long timeoutMs;
  public int groupCount;
  public int currentGroup;

  /** Tasks of the current group not yet completed (GROUPS scheduling). */
  public int groupRemaining;

  public long suffixAfterCurrentGroupMs;

  /** Sum of the estimates of tasks not yet completed (sequential execution's remaining time). */
  public long remainingEstimateMs;

  public long estimatedTotalTimeMs;

  /**
   * The head of the critical path of what is left, kept up to date by the applier so that a metrics
   * snapshot needs no walk over the tasks: usually one read per event extends it.
   */
  public List<String> remainingCriticalPath = new ArrayList<>();

  /** The running task under sequential execution, for its remaining time. */
  public String activeTaskId;

  public List<Transition> history = new ArrayList<>();

  /** Heads of the ready and frontier indexes (see {@link IndexHead}); kept by the state layer. */
  public IndexHead readyHead = new IndexHead();

  public IndexHead tailHead = new IndexHead();
  public IndexHead estimateHead = new IndexHead();

  /**
   * The ready tasks while they are few: then they are here, in no particular order, and the ready
   * index is empty. Kept by the state layer ({@link KvWorkflowState}).
   */
  public List<InlineTask> ready = new ArrayList<>();

  /**
   * The frontier (and the tasks held at their group's barrier) while it is small: then its tasks
   * are here, in no particular order, and the two frontier indexes are empty. Kept by the state
   * layer ({@link KvWorkflowState}).
   */
  public List<InlineTask> frontier = new ArrayList<>();

  public String error;
  public String cancelReason;

  /** When the workflow times out, while it runs with a timeout. */
  public Long timeoutAt;

  /** What was left of the workflow's timeout when it was paused. */
  public Long timeoutRemainingMs;

  /** The key of the workflow-timeout timer, while one is scheduled. */
  public String timerKey;

  /** Whether tasks are released by parallel group rather than by their own dependencies. */
  public boolean releasesByGroup() {
    return scheduling == Scheduling.GROUPS && allowParallel;
  }

  public double progress() {
    if (totalTasks == 0) {
      return status == WorkflowStatus.COMPLETED ? 1.0 : 0.0;
    }
    return Math.round(10_000.0 * completedTasks / totalTasks) / 10_000.0;
  }

  public int pendingTasks() {
    return totalTasks - completedTasks - failedTasks - runningTasks - cancelledTasks;
  }
}
