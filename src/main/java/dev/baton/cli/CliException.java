package dev.baton.cli;

/**
 * An expected failure of a command: its message is the one line printed on stderr, its exit code
 * the process's. Unexpected failures are other exceptions.
 */
public final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static CliException badInput(String message) {
    return new CliException(ExitCodes.BAD_INPUT, message);
  }

  public static CliException unreachable(String message, Throwable cause) {
    return new CliException(ExitCodes.UNREACHABLE, message, cause);
  }

  public static CliException failed(String message) {
    return new CliException(ExitCodes.FAILED, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
