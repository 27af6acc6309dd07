package dev.baton.protocol.definition;

import java.util.List;

/**
 * What the plan knows about one task: its place in the execution order and in the parallel groups,
 * the tasks that wait for it, and the longest chain from it to the end.
 *
 * @param tailMs the largest sum of estimates on a chain that starts with this task
 * @param criticalNext the next task on that chain; null when the chain ends here
 */
public record TaskNode(
    TaskDefinition task,
    int orderIndex,
    int group,
    List<String> dependents,
    long tailMs,
    String criticalNext) {

  public TaskNode {
    dependents = List.copyOf(dependents);
  }
}
