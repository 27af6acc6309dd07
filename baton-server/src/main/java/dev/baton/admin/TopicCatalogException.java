package dev.baton.admin;

/** A topic declaration file is missing, unreadable or malformed. */
public class TopicCatalogException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TopicCatalogException(final String message) {
    super(message);
  }

  public TopicCatalogException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
