package dev.baton.cli;

import dev.baton.protocol.Ids;

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

  /** Refuses an instance id the contract's id rule does not allow; {@code what} names it. */
  static void requireInstanceId(String what, String instanceId) {
    if (!Ids.isValid(instanceId)) {
      throw badInput(
          what + "'" + instanceId + "' is not an instance id: ids match " + Ids.PATTERN.pattern());
    }
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
