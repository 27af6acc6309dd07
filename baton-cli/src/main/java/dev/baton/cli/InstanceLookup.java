package dev.baton.cli;

import dev.baton.protocol.WorkflowStatus;

/** Asks whether an instance exists, for a watch that sees no event of it. */
@FunctionalInterface
interface InstanceLookup {

  /** What was learnt of an instance. */
  sealed interface Answer {
    /** It exists, with this status. */
    record Exists(WorkflowStatus status) implements Answer {}

    /** The server does not know it; {@code where} names the server. */
    record Missing(String where) implements Answer {}

    /** Nobody could be asked; {@code why} says why. */
    record Unknown(String why) implements Answer {}
  }

  Answer lookup(String instanceId);

  /**
   * How a watch tells an instance that does not exist from one whose first events are late.
   *
   * @param grace how long to wait for a first event once the topic is read to its end
   * @param topic the status topic, for the message
   */
  record Check(java.time.Duration grace, String topic, InstanceLookup lookup) {}
}
