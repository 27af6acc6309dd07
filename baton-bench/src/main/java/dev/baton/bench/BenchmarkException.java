package dev.baton.bench;

/**
 * A measurement that could not be made: a wait ran out, a client failed, a count did not add up.
 */
public final class BenchmarkException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BenchmarkException(String message) {
    super(message);
  }

  public BenchmarkException(String message, Throwable cause) {
    super(message, cause);
  }
}
