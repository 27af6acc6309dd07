package dev.baton.engine.state;

import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.WorkflowDefinition;
import java.util.List;

/** Read access to instances, for handlers and queries. */
public interface WorkflowState {

  /** The instance, or null when there is none. */
  InstanceState instance(String instanceId);

  /** The task, or null when the instance has no such task. */
  TaskState task(String instanceId, String taskId);

  GroupEntry group(String instanceId, int index);

  Plan plan(String instanceId);

  /** The definition the instance was created from; null for state written before it was kept. */
  WorkflowDefinition definition(String instanceId);

  /**
   * Up to {@code limit} instances, newest created first, that have {@code status} (null: any) and
   * were created from {@code workflowId} (null: any), starting just after {@code after} (null: at
   * the newest). Read from an index: the cost is a seek plus what is returned.
   */
  List<InstanceState> listInstances(
      WorkflowStatus status, String workflowId, ListPosition after, int limit);

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
