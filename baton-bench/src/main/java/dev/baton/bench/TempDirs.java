package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;

/** Deleting the benchmark's temporary directories. */
final class TempDirs {

  private TempDirs() {}

  static void delete(Path root) {
    if (root == null) {
      return;
    }
    try {
      Utils.delete(root.toFile());
    } catch (IOException e) {
      System.err.println("Could not delete " + root + ": " + e.getMessage());
    }
  }
}
