package dev.baton.protocol.event;

import java.util.List;

/** A FAILED instance runs again; {@code retriedTasks} got fresh attempts (execution order). */
public record WorkflowRetried(List<String> retriedTasks) implements Event {

  public WorkflowRetried {
    retriedTasks = List.copyOf(retriedTasks);
  }

  @Override
  public EventType type() {
    return EventType.WorkflowRetried;
  }
}
