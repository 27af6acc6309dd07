package dev.baton.protocol.event;

/**
 * Something that happened to an instance: the only thing that changes its state (through {@code
 * EventApplier}) and, with its envelope, what {@code baton.status} carries.
 */
public sealed interface Event
    permits WorkflowCreated,
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
        CommandRejected {

  EventType type();
}
