package dev.baton.protocol.event;

public record WorkflowCancelled(String reason) implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowCancelled;
  }
}
