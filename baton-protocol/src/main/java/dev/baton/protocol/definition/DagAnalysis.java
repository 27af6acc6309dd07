package dev.baton.protocol.definition;

import dev.baton.protocol.Durations;
import java.util.List;
import java.util.Map;

/**
 * A validated definition with its plan and everything the engine derives from the DAG once, so that
 * no later event has to look at the whole graph again.
 *
 * @param nodes by task id, in definition order
 * @param groupMaxEstimateMs per parallel group, the longest estimate in it
 */
public record DagAnalysis(
    WorkflowDefinition definition,
    Plan plan,
    Map<String, TaskNode> nodes,
    List<Long> groupMaxEstimateMs) {

  public TaskNode node(String taskId) {
    return nodes.get(taskId);
  }

  /** Sum of the longest estimates of the groups after {@code group}. */
  public long groupSuffixAfter(int group) {
    long sum = 0;
    for (int g = group + 1; g < groupMaxEstimateMs.size(); g++) {
      sum = Durations.plus(sum, groupMaxEstimateMs.get(g));
    }
    return sum;
  }
}
