package dev.baton.protocol;

/** The lifecycle statuses of a workflow instance. */
public enum WorkflowStatus {
  PENDING,
  RUNNING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
