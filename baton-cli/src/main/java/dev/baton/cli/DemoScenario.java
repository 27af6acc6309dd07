package dev.baton.cli;

import dev.baton.domain.Planner;
import dev.baton.protocol.WorkflowStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One example of the demo: its definition, the status it must end in, and whether the demo pauses
 * and resumes it on the way. Every {@code *.json} of the examples directory is one; new examples
 * are expected to complete unless listed here.
 */
record DemoScenario(
    String name, DefinitionFile definition, WorkflowStatus expected, boolean pauseAndResume) {

  /** Examples that are meant to end otherwise: showing failure is part of the demo. */
  private static final Map<String, WorkflowStatus> EXPECTED =
      Map.of("fails-after-retries", WorkflowStatus.FAILED);

  /** Examples the demo pauses after their first completed task and resumes a little later. */
  private static final Set<String> PAUSED = Set.of("pause-resume");

  static List<DemoScenario> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw CliException.badInput("examples directory " + dir + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(dir)) {
      files = entries.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw CliException.badInput("cannot list " + dir + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw CliException.badInput("no *.json workflow definitions in " + dir);
    }
    return files.stream().map(DemoScenario::of).toList();
  }

  private static DemoScenario of(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    return new DemoScenario(
        name,
        DefinitionFile.load(file, Planner.DEFAULT_MAX_TASKS),
        EXPECTED.getOrDefault(name, WorkflowStatus.COMPLETED),
        PAUSED.contains(name));
  }
}
