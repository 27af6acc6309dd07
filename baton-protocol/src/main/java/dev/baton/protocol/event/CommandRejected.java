package dev.baton.protocol.event;

public record CommandRejected(String command, RejectionReason reason, String message)
    implements Event {

  @Override
  public EventType type() {
    return EventType.CommandRejected;
  }
}
