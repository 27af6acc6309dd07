package dev.baton.cli;

/**
 * How the user runs Baton, for the commands the CLI suggests: {@code ./baton} from a checkout,
 * {@code baton} from the PATH. The launcher script says which ({@code -Dbaton.launcher}).
 */
final class Launcher {

  private Launcher() {}

  /** "baton", or what the launcher says the user typed. */
  static String command() {
    String given = System.getProperty("baton.launcher");
    return given == null || given.isBlank() ? "baton" : given;
  }
}
