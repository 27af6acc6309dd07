package dev.baton.protocol.event;

public record WorkflowCompleted() implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowCompleted;
  }
}
