package dev.baton.protocol.event;

public record WorkflowStarted() implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowStarted;
  }
}
