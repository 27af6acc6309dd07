package dev.baton.protocol.definition;

import java.util.List;

/** The plan made once when an instance is created and kept with it. */
public record Plan(
    List<String> executionOrder,
    List<List<String>> parallelGroups,
    List<String> criticalPath,
    long estimatedTotalTimeMs) {

  public Plan {
    executionOrder = List.copyOf(executionOrder);
    parallelGroups = parallelGroups.stream().map(List::copyOf).toList();
    criticalPath = List.copyOf(criticalPath);
  }
}
