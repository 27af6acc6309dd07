package dev.baton.protocol.event;

public record TaskDispatched(String taskId, int attempt) implements Event {

  @Override
  public EventType type() {
    return EventType.TaskDispatched;
  }
}
