package dev.baton.server;

/** The server could not start; the message says what to fix. */
public class ServerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ServerStartException(String message) {
    super(message);
  }

  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
