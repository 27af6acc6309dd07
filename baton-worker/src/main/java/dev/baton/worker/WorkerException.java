package dev.baton.worker;

/** The worker cannot go on (a result could not be written, a handler broke the JVM). */
public class WorkerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WorkerException(String message, Throwable cause) {
    super(message, cause);
  }
}
