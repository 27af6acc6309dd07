package dev.baton.engine.state;

import dev.baton.protocol.TaskStatus;

/**
 * A secondary-index entry pointing at a task; its key carries the ordering. Entries carry what the
 * engine needs of the task, so reading an index head reads no task at all.
 *
 * @param dispatchedAt when the running attempt was dispatched; null unless {@code running}
 * @param notBefore for a ready task waiting out a retry backoff, when it may be dispatched
 */
public record IndexEntry(
    String taskId, boolean running, long estimateMs, long tailMs, Long dispatchedAt, Long notBefore)
    implements StoredEntry {

  static IndexEntry ready(TaskState task) {
    return new IndexEntry(
        task.taskId, false, task.estimatedDurationMs, task.tailMs, null, task.retryAt);
  }

  static IndexEntry frontier(TaskState task) {
    boolean running = task.status == TaskStatus.RUNNING;
    return new IndexEntry(
        task.taskId,
        running,
        task.estimatedDurationMs,
        task.tailMs,
        running ? task.dispatchedAt : null,
        null);
  }

  /** Whether a ready task may be dispatched at {@code now}. */
  public boolean isDueAt(long now) {
    return notBefore == null || notBefore <= now;
  }
}
