package dev.baton.protocol.output;

import dev.baton.protocol.WorkflowStatus;
import java.util.List;

/** The contract's per-instance metrics snapshot. @param actualDurationMs null before start */
public record WorkflowMetrics(
    String instanceId,
    String workflowId,
    WorkflowStatus status,
    int totalTasks,
    int completedTasks,
    int failedTasks,
    int runningTasks,
    int pendingTasks,
    int retries,
    double successRate,
    double progress,
    long estimatedTimeRemainingMs,
    Long actualDurationMs,
    List<String> criticalPath,
    long timestamp) {}
