package dev.baton.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the directories shipped next to Baton (examples/, topics/): under the working directory
 * first, then under {@code BATON_HOME}, which the {@code ./baton} launcher sets to its own
 * directory so that the commands work from anywhere.
 */
final class BatonHome {

  static final String ENV = "BATON_HOME";

  private BatonHome() {}

  static Optional<Path> directory(String name) {
    Path local = Path.of(name);
    if (Files.isDirectory(local)) {
      return Optional.of(local);
    }
    String home = System.getenv(ENV);
    if (home != null && !home.isBlank()) {
      Path shipped = Path.of(home, name);
      if (Files.isDirectory(shipped)) {
        return Optional.of(shipped);
      }
    }
    return Optional.empty();
  }
}
