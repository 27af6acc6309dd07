package dev.baton.engine.state;

import dev.baton.domain.TaskStatus;

/**
 * A secondary-index entry pointing at a task; its key carries the ordering. Frontier entries
 * also carry what the metrics need of the task, so a snapshot reads no task at all.
 *
 * @param dispatchedAt when the running attempt was dispatched; null unless {@code running}
 */
public record IndexEntry(
    String taskId, boolean running, long estimateMs, long tailMs, Long dispatchedAt)
    implements StoredEntry {

  static IndexEntry of(String taskId) {
    return new IndexEntry(taskId, false, 0, 0, null);
  }

  static IndexEntry frontier(TaskState task) {
    boolean running = task.status == TaskStatus.RUNNING;
    return new IndexEntry(task.taskId, running, task.estimatedDurationMs, task.tailMs,
        running ? task.dispatchedAt : null);
  }
}
