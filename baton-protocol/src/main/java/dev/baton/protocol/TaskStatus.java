package dev.baton.protocol;

/**
 * The status of one task execution. WAITING: dependencies (or, under GROUPS, earlier groups) not
 * done; READY: may be dispatched (held while the workflow is paused or, under sequential execution,
 * while another task runs); RUNNING: an attempt is out with a worker.
 */
public enum TaskStatus {
  WAITING,
  READY,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isDone() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
