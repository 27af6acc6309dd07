package dev.baton.protocol.event;

public record WorkflowPaused() implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowPaused;
  }
}
