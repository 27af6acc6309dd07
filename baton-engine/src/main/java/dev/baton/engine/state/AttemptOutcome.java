package dev.baton.engine.state;

/** How one attempt of a task ended. */
public enum AttemptOutcome {
  COMPLETED,
  FAILED,
  TIMED_OUT,
  CANCELLED
}
