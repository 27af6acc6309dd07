package dev.baton.worker;

/**
 * Thrown by a {@link TaskHandler} for a failure that another attempt cannot fix (bad input, a
 * refused operation): the worker reports it with {@code "retryable": false}, so the workflow fails
 * at once instead of using up its retries.
 */
public class NonRetryableTaskException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NonRetryableTaskException(String message) {
    super(message);
  }

  public NonRetryableTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
