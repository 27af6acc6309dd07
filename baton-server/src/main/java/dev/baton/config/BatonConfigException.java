package dev.baton.config;

/** A setting is missing, unknown or malformed; the message names the setting and its source. */
public class BatonConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BatonConfigException(String message) {
    super(message);
  }

  public BatonConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
