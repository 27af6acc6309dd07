package dev.baton.protocol.event;

/** The closed set of status event kinds; the names are the wire names. */
public enum EventType {
  WorkflowCreated,
  WorkflowStarted,
  WorkflowPaused,
  WorkflowResumed,
  WorkflowCompleted,
  WorkflowFailed,
  WorkflowCancelled,
  WorkflowRetried,
  TaskDispatched,
  TaskCompleted,
  TaskFailed,
  TaskTimedOut,
  TaskCancelled,
  CommandRejected
}
