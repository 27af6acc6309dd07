package dev.baton.engine.event;

import dev.baton.domain.DagAnalysis;

public record WorkflowCreated(DagAnalysis analysis) implements Event {

  @Override
  public EventType type() {
    return EventType.WorkflowCreated;
  }
}
