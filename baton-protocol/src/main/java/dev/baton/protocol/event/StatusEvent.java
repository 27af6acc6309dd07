package dev.baton.protocol.event;

import dev.baton.protocol.WorkflowStatus;

/**
 * An event with the envelope every status record carries. For a rejection of an instance that does
 * not exist, {@code seq} is 0 and {@code status} and {@code progress} are null.
 */
public record StatusEvent(
    String instanceId,
    String workflowId,
    long seq,
    long timestamp,
    WorkflowStatus status,
    Double progress,
    Event event) {}
