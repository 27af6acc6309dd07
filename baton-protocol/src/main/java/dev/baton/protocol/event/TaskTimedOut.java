package dev.baton.protocol.event;

/** An attempt reported nothing within its timeoutMs; it counts as a retryable failure. */
public record TaskTimedOut(
    String taskId, int attempt, String error, boolean willRetry, Long retryAt) implements Event {

  @Override
  public EventType type() {
    return EventType.TaskTimedOut;
  }
}
