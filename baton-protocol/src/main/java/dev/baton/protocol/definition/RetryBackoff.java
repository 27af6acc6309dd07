package dev.baton.protocol.definition;

/**
 * The wait before attempt n+1 after failed attempt n: {@code min(maxMs, initialMs *
 * multiplier^(n-1))}.
 *
 * @param maxMs null for unbounded
 */
public record RetryBackoff(long initialMs, double multiplier, Long maxMs) {

  public static final double DEFAULT_MULTIPLIER = 2.0;

  public long delayAfterAttempt(int failedAttempt) {
    double delay = initialMs * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
    if (maxMs != null) {
      delay = Math.min(delay, maxMs);
    }
    return delay >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) delay;
  }
}
