package dev.baton.cli;

import dev.baton.config.BatonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what is shipped next to Baton (examples/, topics/, config/baton.properties): under the
 * working directory first, then under {@code BATON_HOME}, which the {@code ./baton} launcher sets
 * to its own directory so that the commands work from anywhere.
 */
final class BatonHome {

  static final String ENV = "BATON_HOME";

  private BatonHome() {}

  static Optional<Path> directory(String name) {
    return directory(Path.of(""), System.getenv(), name);
  }

  /** {@code name} as a directory under {@code workingDir}, else under {@code $BATON_HOME}. */
  static Optional<Path> directory(Path workingDir, Map<String, String> env, String name) {
    return find(workingDir, env, name, true);
  }

  /**
   * The configuration file read before {@code --config}: {@code config/baton.properties} under the
   * working directory when there is one, else the one of the Baton home. When neither exists, the
   * working directory's path, which the configuration then skips as absent.
   */
  static Path configFile() {
    return configFile(Path.of(""), System.getenv());
  }

  static Path configFile(Path workingDir, Map<String, String> env) {
    Path relative = BatonConfig.DEFAULT_FILE;
    return find(workingDir, env, relative.toString(), false).orElse(workingDir.resolve(relative));
  }

  /** The usual configuration layers, with {@link #configFile()} as the first file. */
  static BatonConfig.Builder settings(Path configFileFlag) {
    return BatonConfig.builder().defaultFile(configFile()).configFile(configFileFlag);
  }

  private static Optional<Path> find(
      Path workingDir, Map<String, String> env, String name, boolean directory) {
    Path local = workingDir.resolve(name);
    if (directory ? Files.isDirectory(local) : Files.isRegularFile(local)) {
      return Optional.of(local);
    }
    String home = env.get(ENV);
    if (home != null && !home.isBlank()) {
      Path shipped = Path.of(home).resolve(name);
      if (directory ? Files.isDirectory(shipped) : Files.isRegularFile(shipped)) {
        return Optional.of(shipped);
      }
    }
    return Optional.empty();
  }
}
