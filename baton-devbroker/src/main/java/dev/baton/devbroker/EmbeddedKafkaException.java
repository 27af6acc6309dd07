package dev.baton.devbroker;

/** The embedded broker could not be formatted, started or reached. */
public class EmbeddedKafkaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmbeddedKafkaException(final String message) {
    super(message);
  }

  public EmbeddedKafkaException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
