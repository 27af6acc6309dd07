package dev.baton.engine.state;

/**
 * A timer in the due-time index. Its key orders it by due time; the value says what to do.
 *
 * @param taskId null for a workflow timer
 * @param attempt the attempt the timer belongs to; 0 for a workflow timer
 */
public record TimerEntry(String instanceId, TimerKind kind, String taskId, int attempt, long dueAt)
    implements StoredEntry {}
