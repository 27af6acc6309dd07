package dev.baton.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a configuration file; tests replace the disk with a map. */
@FunctionalInterface
public interface ConfigFileReader {

  /** The real files, as UTF-8. */
  ConfigFileReader DISK =
      file -> {
        try {
          return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
          return Optional.empty();
        }
      };

  /** The text of {@code file}, or empty when there is no such file. */
  Optional<String> read(Path file) throws IOException;
}
