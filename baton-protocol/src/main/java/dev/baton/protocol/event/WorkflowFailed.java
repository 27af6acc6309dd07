package dev.baton.protocol.event;

public record WorkflowFailed(String error) implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowFailed;
  }
}
