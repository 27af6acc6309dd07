package dev.baton.engine.state;

/**
 * Every timer due before {@code at} has fired. Scans for due timers start here, so they seek past
 * the tombstones of fired timers instead of stepping over them.
 */
public record TimerWatermark(long at) implements StoredEntry {}
