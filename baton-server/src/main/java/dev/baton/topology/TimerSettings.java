package dev.baton.topology;

/**
 * How timers are checked: every {@code intervalMs} of wall-clock and of stream time (and, for the
 * timers of one instance, before each of its inputs); each check fires due timers for at most
 * {@code maxBatchMs}, so a burst of timers due at once is spread out instead of stalling the inputs
 * queued behind it.
 */
public record TimerSettings(long intervalMs, long maxBatchMs) {

  public static final TimerSettings DEFAULTS = new TimerSettings(50, 10);
}
