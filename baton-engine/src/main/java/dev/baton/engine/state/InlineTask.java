package dev.baton.engine.state;

/**
 * A task kept in its instance's header in place of its entries on the ready index, or on the two
 * frontier indexes, while those are small (see {@link KvWorkflowState}). It holds what the index
 * entry does, and what its key is made of.
 *
 * @param waiting on the frontier only because it is held at its group's barrier (GROUPS): on the
 *     longest-chain index, not on the estimate one
 * @param dispatchedAt when the running attempt was dispatched; null unless {@code running}
 * @param notBefore for a ready task waiting out a retry backoff, when it may be dispatched
 */
public record InlineTask(
    String taskId,
    int orderIndex,
    boolean waiting,
    boolean running,
    long estimateMs,
    long tailMs,
    Long dispatchedAt,
    Long notBefore) {

  /** The task as its frontier entries hold it. */
  static InlineTask frontier(TaskState task, boolean waiting) {
    return of(IndexEntry.frontier(task), task.orderIndex, waiting);
  }

  /** The task as its ready entry holds it. */
  static InlineTask ready(TaskState task) {
    return of(IndexEntry.ready(task), task.orderIndex, false);
  }

  /** The task that has {@code entry} on an index under the given execution order. */
  public static InlineTask of(IndexEntry entry, int orderIndex, boolean waiting) {
    return new InlineTask(
        entry.taskId(),
        orderIndex,
        waiting,
        entry.running(),
        entry.estimateMs(),
        entry.tailMs(),
        entry.dispatchedAt(),
        entry.notBefore());
  }

  /** The index entry this task would have. */
  public IndexEntry entry() {
    return new IndexEntry(taskId, running, estimateMs, tailMs, dispatchedAt, notBefore);
  }
}
