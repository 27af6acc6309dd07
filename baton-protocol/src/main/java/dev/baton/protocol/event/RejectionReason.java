package dev.baton.protocol.event;

/** The contract's reason codes for a {@code CommandRejected}. */
public enum RejectionReason {
  INVALID_TRANSITION,
  ALREADY_EXISTS,
  INVALID_DEFINITION,
  UNKNOWN_INSTANCE,
  UNKNOWN_TASK,
  TASK_NOT_RUNNING,
  STALE_ATTEMPT,
  WORKFLOW_TERMINAL
}
