package dev.baton.protocol.event;

import dev.baton.protocol.definition.DagAnalysis;

public record WorkflowCreated(DagAnalysis analysis) implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowCreated;
  }
}
