package dev.baton.protocol;

/**
 * Arithmetic on times and durations that saturates instead of wrapping: a valid but huge timeout or
 * estimate means "practically never", not a negative number that fires at once.
 */
public final class Durations {

  private Durations() {}

  /** {@code a + b} for non-negative {@code b}, capped at {@link Long#MAX_VALUE}. */
  public static long plus(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
