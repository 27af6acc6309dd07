package dev.baton.engine.state;

import java.util.List;

/** One parallel group: its tasks in execution order and the longest estimate among them. */
public record GroupEntry(int index, List<String> taskIds, long maxEstimateMs, long suffixAfterMs)
    implements StoredEntry {}
