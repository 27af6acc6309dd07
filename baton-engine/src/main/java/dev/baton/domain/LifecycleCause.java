package dev.baton.domain;

/** What moves a workflow from one status to another: a command, or something that happened. */
public enum LifecycleCause {
  START,
  PAUSE,
  RESUME,
  CANCEL,
  ALL_TASKS_COMPLETED,
  FAILURE,
  RETRY
}
