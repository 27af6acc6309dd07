package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TimerEntry;

/**
 * A finished instance's retention ended: it and all of its state are deleted, and its id is unknown
 * again. The timer is cancelled when a FAILED instance is retried, so a retried one is never
 * deleted; the status check guards state from before that rule all the same.
 */
final class RetentionHandler implements TimerHandler {

  @Override
  public void handle(TimerEntry timer, Context ctx) {
    InstanceState instance = ctx.instance(timer.instanceId());
    if (instance != null && instance.status.isTerminal()) {
      ctx.delete(instance);
    }
  }
}
