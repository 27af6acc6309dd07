package dev.baton.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every subcommand; scripts rely on them, so they are listed in each help. */
public final class ExitCodes {

  public static final int OK = 0;

  /** The workflow did not complete (FAILED or CANCELLED), or the operation was refused. */
  public static final int FAILED = 1;

  /** Bad input: usage, a missing or malformed file, an invalid definition or setting. */
  public static final int BAD_INPUT = 2;

  /** The Kafka cluster or the Baton server could not be reached in time. */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}

  /** For picocli's "Exit codes" help section. */
  static Map<String, String> descriptions() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(" " + OK, "success (for watch: the workflow COMPLETED)");
    codes.put(" " + FAILED, "the workflow FAILED or was CANCELLED, or the operation failed");
    codes.put(" " + BAD_INPUT, "bad input: usage, missing file, invalid JSON or definition");
    codes.put(" " + UNREACHABLE, "the Kafka cluster or the Baton server is unreachable");
    return codes;
  }
}
