package dev.baton.engine.state;

/** What a timer is for. */
public enum TimerKind {
  /** An attempt reported nothing within its timeoutMs. */
  TASK_TIMEOUT,
  /** A failed attempt's backoff has passed: the retry may be dispatched. */
  RETRY,
  /** The workflow ran out of its timeoutMs (paused time not counted). */
  WORKFLOW_TIMEOUT,
  /** A finished instance's retention ended: it and everything of it are deleted. */
  RETENTION
}
