package dev.baton.engine.state;

/**
 * A value of the per-instance entries store: a task execution, a group, the plan, or an index, or a
 * seen command id.
 */
public sealed interface StoredEntry
    permits TaskState,
        GroupEntry,
        PlanEntry,
        DefinitionEntry,
        IndexEntry,
        ListEntry,
        CommandSeen,
        TimerEntry,
        TimerWatermark {}
