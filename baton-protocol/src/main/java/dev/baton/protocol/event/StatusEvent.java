package dev.baton.protocol.event;

import dev.baton.protocol.WorkflowStatus;

/**
 * An event with the envelope every status record carries. For a rejection of an instance that does
 * not exist, {@code seq} is 0 and {@code status} and {@code progress} are null.
 *
 * @param commandId the {@code commandId} of the command that caused the event, or null (results,
 *     timers, commands sent without one). Written as an extra field, which the contract lets
 *     readers ignore; it is how {@code ?wait=true} finds a command's outcome.
 */
public record StatusEvent(
    String instanceId,
    String workflowId,
    long seq,
    long timestamp,
    WorkflowStatus status,
    Double progress,
    Event event,
    String commandId) {

  public StatusEvent(
      String instanceId,
      String workflowId,
      long seq,
      long timestamp,
      WorkflowStatus status,
      Double progress,
      Event event) {
    this(instanceId, workflowId, seq, timestamp, status, progress, event, null);
  }
}
