package dev.baton.engine;

import dev.baton.engine.state.TimerEntry;

/** A timer whose handling failed (a defect); it has been removed so it does not fire again. */
public final class TimerFailedException extends RuntimeException {

  private final transient TimerEntry timer;

  TimerFailedException(TimerEntry timer, RuntimeException cause) {
    super("Timer " + timer + " failed: " + cause, cause);
    this.timer = timer;
  }

  public TimerEntry timer() {
    return timer;
  }
}
