package dev.baton.protocol.event;

public record WorkflowResumed() implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowResumed;
  }
}
