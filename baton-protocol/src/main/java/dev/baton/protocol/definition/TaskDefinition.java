package dev.baton.protocol.definition;

import java.util.List;

/**
 * One task of a workflow definition, with the contract's defaults already applied.
 *
 * @param maxRetries null to take the workflow's
 * @param timeoutMs per attempt; null for none
 * @param inputJson the task's {@code input} as raw JSON text, passed through to workers untouched;
 *     null when absent
 */
public record TaskDefinition(
    String id,
    String name,
    long estimatedDurationMs,
    List<String> dependencies,
    List<String> resources,
    int priority,
    Integer maxRetries,
    Long timeoutMs,
    RetryBackoff retryBackoff,
    String inputJson) {

  public TaskDefinition {
    dependencies = List.copyOf(dependencies);
    resources = List.copyOf(resources);
    if (name == null) {
      name = id;
    }
  }

  /** A task with defaults for everything but its id, estimate and dependencies. */
  public static TaskDefinition of(String id, long estimatedDurationMs, String... dependencies) {
    return new TaskDefinition(
        id, id, estimatedDurationMs, List.of(dependencies), List.of(), 0, null, null, null, null);
  }

  public TaskDefinition withPriority(int newPriority) {
    return new TaskDefinition(
        id,
        name,
        estimatedDurationMs,
        dependencies,
        resources,
        newPriority,
        maxRetries,
        timeoutMs,
        retryBackoff,
        inputJson);
  }

  public TaskDefinition withMaxRetries(Integer newMaxRetries) {
    return new TaskDefinition(
        id,
        name,
        estimatedDurationMs,
        dependencies,
        resources,
        priority,
        newMaxRetries,
        timeoutMs,
        retryBackoff,
        inputJson);
  }
}
