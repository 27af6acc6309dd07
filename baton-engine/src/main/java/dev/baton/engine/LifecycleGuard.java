package dev.baton.engine;

import dev.baton.domain.Lifecycle;
import dev.baton.domain.LifecycleCause;
import dev.baton.engine.state.InstanceState;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.input.Command;

/** The checks every lifecycle command makes first: the instance exists, the table allows it. */
final class LifecycleGuard {

  private LifecycleGuard() {}

  /** The instance when {@code cause} may act on it; otherwise rejects and returns null. */
  static InstanceState admit(Command command, LifecycleCause cause, Context ctx) {
    InstanceState instance = ctx.instance(command.instanceId());
    if (instance == null) {
      ctx.rejectWithoutInstance(
          command,
          RejectionReason.UNKNOWN_INSTANCE,
          "Expected to "
              + verb(cause)
              + " instance '"
              + command.instanceId()
              + "', but no such instance was found");
      return null;
    }
    if (!Lifecycle.allows(instance.status, cause)) {
      ctx.reject(
          command,
          RejectionReason.INVALID_TRANSITION,
          "Expected to "
              + verb(cause)
              + " instance '"
              + command.instanceId()
              + "', but it is "
              + instance.status);
      return null;
    }
    return instance;
  }

  private static String verb(LifecycleCause cause) {
    return cause.name().toLowerCase();
  }
}
