package dev.baton.engine.state;

/**
 * Every timer whose key is at or before {@code key} has fired (or could not be due yet). Scans for
 * due timers seek just past it, so they never step over the tombstones of fired timers, not even of
 * thousands that were due in the same millisecond.
 */
public record TimerWatermark(String key) implements StoredEntry {}
