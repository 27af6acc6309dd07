package dev.baton.engine.state;

/**
 * A task on an instance's frontier while the frontier is small enough to live in the instance
 * header instead of the two frontier indexes (see {@link KvWorkflowState}). It holds what the index
 * entries do, and what their keys are made of.
 *
 * @param waiting held only at its group's barrier (GROUPS): on the longest-chain index, not on the
 *     estimate one
 * @param dispatchedAt when the running attempt was dispatched; null unless {@code running}
 */
public record FrontierTask(
    String taskId,
    int orderIndex,
    boolean waiting,
    boolean running,
    long estimateMs,
    long tailMs,
    Long dispatchedAt) {

  static FrontierTask of(TaskState task, boolean waiting) {
    IndexEntry entry = IndexEntry.frontier(task);
    return new FrontierTask(
        task.taskId,
        task.orderIndex,
        waiting,
        entry.running(),
        entry.estimateMs(),
        entry.tailMs(),
        entry.dispatchedAt());
  }

  /** The index entry this task would have on the frontier indexes. */
  IndexEntry entry() {
    return new IndexEntry(taskId, running, estimateMs, tailMs, dispatchedAt, null);
  }
}
