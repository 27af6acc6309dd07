package dev.baton.engine.state;

import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.WorkflowDefinition;

/** Write access, for {@code EventApplier} alone (and the seen-command bookkeeping). */
public interface MutableWorkflowState extends WorkflowState {

  void putInstance(InstanceState instance);

  void putTask(String instanceId, TaskState task);

  void putGroup(String instanceId, GroupEntry group);

  void putPlan(String instanceId, Plan plan);

  void putDefinition(String instanceId, WorkflowDefinition definition);

  /**
   * Keeps the list indexes in step with the instance's status: {@code previous} is the status it
   * was listed under, null when it is new.
   */
  void listed(InstanceState instance, WorkflowStatus previous);

  /** Deletes the instance: its header, every entry of it, its list index entries. */
  void deleteInstance(InstanceState instance);

  void markCommandSeen(String instanceId, String commandId, long at);

  void addReady(String instanceId, TaskState task);

  void removeReady(String instanceId, TaskState task);

  /** Puts a task on the frontier (READY or RUNNING tasks). */
  void addFrontier(String instanceId, TaskState task);

  /** Refreshes the frontier entry of a task already on it (it was dispatched, or will retry). */
  void updateFrontier(String instanceId, TaskState task);

  void removeFrontier(String instanceId, TaskState task);

  /** Puts a task held only by the group barrier on the longest-chain index alone. */
  void addWaiting(String instanceId, TaskState task);

  /** Takes a task held by the group barrier off the longest-chain index. */
  void removeWaiting(String instanceId, TaskState task);

  /**
   * Puts a timer in the due-time index and returns its key, for cancelling it. A due time already
   * passed by the index's watermark is moved up to it: the timer fires at the next check.
   */
  String scheduleTimer(TimerKind kind, String instanceId, String taskId, int attempt, long dueAt);

  /** Takes a timer out of the index before it fires; null is ignored. */
  void cancelTimer(String timerKey);
}
