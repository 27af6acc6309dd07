package dev.baton.admin;

/** An input topic is missing, cannot be described, or the inputs are not co-partitioned. */
public class TopicVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TopicVerificationException(final String message) {
    super(message);
  }

  public TopicVerificationException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
