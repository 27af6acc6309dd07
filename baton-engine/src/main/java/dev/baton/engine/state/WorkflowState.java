package dev.baton.engine.state;

import dev.baton.protocol.definition.Plan;
import java.util.List;

/** Read access to instances, for handlers and queries. */
public interface WorkflowState {

  /** The instance, or null when there is none. */
  InstanceState instance(String instanceId);

  /** The task, or null when the instance has no such task. */
  TaskState task(String instanceId, String taskId);

  GroupEntry group(String instanceId, int index);

  Plan plan(String instanceId);

  boolean hasSeenCommand(String instanceId, String commandId);

  /** READY tasks, in execution order. */
  List<IndexEntry> readyTasks(String instanceId, int limit);

  /** Ids of READY or RUNNING tasks, longest remaining chain first. */
  List<IndexEntry> frontierByTail(String instanceId, int limit);

  /** Ids of READY or RUNNING tasks, longest estimate first. */
  List<IndexEntry> frontierByEstimate(String instanceId, int limit);

  /** Every task of the instance, in no particular order: for queries, never for event handling. */
  List<TaskState> tasks(String instanceId);
}
