package dev.baton.engine;

import dev.baton.domain.Lifecycle;
import dev.baton.domain.LifecycleCause;
import dev.baton.domain.Transition;
import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.GroupEntry;
import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.MutableWorkflowState;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.TimerKind;
import dev.baton.protocol.Durations;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.DagAnalysis;
import dev.baton.protocol.definition.TaskNode;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.TaskCancelled;
import dev.baton.protocol.event.TaskCompleted;
import dev.baton.protocol.event.TaskDispatched;
import dev.baton.protocol.event.TaskFailed;
import dev.baton.protocol.event.TaskTimedOut;
import dev.baton.protocol.event.WorkflowCancelled;
import dev.baton.protocol.event.WorkflowCreated;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.event.WorkflowRetried;
import java.util.List;

/**
 * The only code that changes workflow state: one method per event kind, chosen by the event's type.
 * Appliers do not decide anything; given the same events they rebuild the same state.
 */
final class EventApplier {

  private final MutableWorkflowState state;
  private final int criticalPathLimit;
  private final long retentionFinishedMs;

  EventApplier(MutableWorkflowState state, int criticalPathLimit, long retentionFinishedMs) {
    this.state = state;
    this.criticalPathLimit = criticalPathLimit;
    this.retentionFinishedMs = retentionFinishedMs;
  }

  /** Deletes an instance and everything of it (its retention ended): no event, no seq. */
  void delete(InstanceState instance) {
    state.deleteInstance(instance);
  }

  /** Applies {@code event} at time {@code at}; the instance must exist unless it is a creation. */
  void apply(String instanceId, Event event, long at) {
    switch (event.type()) {
      case WorkflowCreated -> created(instanceId, (WorkflowCreated) event, at);
      case WorkflowStarted -> started(instance(instanceId), at);
      case WorkflowPaused -> paused(instance(instanceId), at);
      case WorkflowResumed -> resumed(instance(instanceId), at);
      case WorkflowCompleted -> ended(instance(instanceId), LifecycleCause.ALL_TASKS_COMPLETED, at);
      case WorkflowFailed -> {
        InstanceState instance = instance(instanceId);
        instance.error = ((WorkflowFailed) event).error();
        ended(instance, LifecycleCause.FAILURE, at);
      }
      case WorkflowCancelled -> {
        InstanceState instance = instance(instanceId);
        instance.cancelReason = ((WorkflowCancelled) event).reason();
        ended(instance, LifecycleCause.CANCEL, at);
      }
      case WorkflowRetried -> retried(instance(instanceId), (WorkflowRetried) event, at);
      case TaskDispatched -> dispatched(instance(instanceId), (TaskDispatched) event, at);
      case TaskCompleted -> completed(instance(instanceId), (TaskCompleted) event, at);
      case TaskFailed -> {
        TaskFailed failed = (TaskFailed) event;
        failed(
            instance(instanceId),
            failed.taskId(),
            failed.error(),
            failed.retryAt(),
            AttemptOutcome.FAILED,
            at);
      }
      case TaskTimedOut -> {
        TaskTimedOut timedOut = (TaskTimedOut) event;
        failed(
            instance(instanceId),
            timedOut.taskId(),
            timedOut.error(),
            timedOut.retryAt(),
            AttemptOutcome.TIMED_OUT,
            at);
      }
      case TaskCancelled -> cancelled(instance(instanceId), (TaskCancelled) event, at);
      case CommandRejected -> {}
      default -> throw new IllegalStateException("No applier for " + event.type());
    }
    InstanceState instance = state.instance(instanceId);
    if (instance != null) {
      instance.seq++;
      if (event.type() != EventType.CommandRejected && instance.status != WorkflowStatus.PENDING) {
        refreshCriticalPath(instance);
      }
      state.putInstance(instance);
    }
  }

  /**
   * Re-anchors the remaining critical path on the frontier task with the longest chain. The chain
   * from a task never changes (its descendants are all still to do), so when the new head is
   * already on the kept path only the front is dropped and the end extended.
   */
  private void refreshCriticalPath(InstanceState instance) {
    List<String> path = instance.remainingCriticalPath;
    List<IndexEntry> top =
        instance.status.isTerminal() ? List.of() : state.frontierByTail(instance.instanceId, 1);
    if (top.isEmpty()) {
      path.clear();
      return;
    }
    String head = top.get(0).taskId();
    int at = path.indexOf(head);
    if (at < 0) {
      path.clear();
      path.add(head);
    } else {
      path.subList(0, at).clear();
    }
    while (path.size() < criticalPathLimit) {
      String next = state.task(instance.instanceId, path.get(path.size() - 1)).criticalNext;
      if (next == null) {
        break;
      }
      path.add(next);
    }
  }

  private InstanceState instance(String instanceId) {
    InstanceState instance = state.instance(instanceId);
    if (instance == null) {
      throw new IllegalStateException(
          "Expected instance '" + instanceId + "' to exist, but no such instance was found");
    }
    return instance;
  }

  private void created(String instanceId, WorkflowCreated event, long at) {
    DagAnalysis analysis = event.analysis();
    WorkflowDefinition definition = analysis.definition();
    InstanceState instance = new InstanceState();
    instance.instanceId = instanceId;
    instance.workflowId = definition.id();
    instance.status = WorkflowStatus.PENDING;
    instance.createdAt = at;
    instance.totalTasks = definition.tasks().size();
    instance.scheduling = definition.scheduling();
    instance.allowParallel = definition.allowParallel();
    instance.timeoutMs = definition.timeoutMs();
    instance.groupCount = analysis.plan().parallelGroups().size();
    instance.estimatedTotalTimeMs = analysis.plan().estimatedTotalTimeMs();
    List<String> criticalPath = analysis.plan().criticalPath();
    instance.remainingCriticalPath.addAll(
        criticalPath.subList(0, Math.min(criticalPathLimit, criticalPath.size())));
    long sum = 0;
    for (TaskNode node : analysis.nodes().values()) {
      sum = Durations.plus(sum, node.task().estimatedDurationMs());
      state.putTask(instanceId, newTask(definition, node));
    }
    instance.remainingEstimateMs = sum;
    List<List<String>> groups = analysis.plan().parallelGroups();
    for (int g = 0; g < groups.size(); g++) {
      state.putGroup(
          instanceId,
          new GroupEntry(
              g,
              groups.get(g),
              analysis.groupMaxEstimateMs().get(g),
              analysis.groupSuffixAfter(g)));
    }
    state.putPlan(instanceId, analysis.plan());
    state.putDefinition(instanceId, definition);
    state.putInstance(instance);
    state.listed(instance, null);
  }

  private static TaskState newTask(WorkflowDefinition definition, TaskNode node) {
    TaskState task = new TaskState();
    task.taskId = node.task().id();
    task.name = node.task().name();
    task.estimatedDurationMs = node.task().estimatedDurationMs();
    task.dependents.addAll(node.dependents());
    task.priority = node.task().priority();
    task.attemptsAllowed = definition.attemptsAllowed(node.task());
    task.attemptBudget = task.attemptsAllowed;
    task.timeoutMs = node.task().timeoutMs();
    task.retryBackoff = node.task().retryBackoff();
    task.inputJson = node.task().inputJson();
    task.orderIndex = node.orderIndex();
    task.group = node.group();
    task.tailMs = node.tailMs();
    task.criticalNext = node.criticalNext();
    task.pendingDependencies = node.task().dependencies().size();
    task.status = TaskStatus.WAITING;
    return task;
  }

  private void started(InstanceState instance, long at) {
    transition(instance, LifecycleCause.START, at);
    instance.startedAt = at;
    if (instance.timeoutMs != null) {
      startTimeoutClock(instance, instance.timeoutMs, at);
    }
    if (instance.totalTasks == 0) {
      return;
    }
    if (instance.releasesByGroup()) {
      activateGroup(instance, 0);
    } else {
      GroupEntry roots = state.group(instance.instanceId, 0);
      for (String taskId : roots.taskIds()) {
        makeReady(instance, state.task(instance.instanceId, taskId));
      }
    }
  }

  /** Pausing stops the workflow's timeout clock; what is left resumes with the workflow. */
  private void paused(InstanceState instance, long at) {
    transition(instance, LifecycleCause.PAUSE, at);
    if (instance.timeoutAt != null) {
      instance.timeoutRemainingMs = Math.max(0, instance.timeoutAt - at);
      instance.timeoutAt = null;
      state.cancelTimer(instance.timerKey);
      instance.timerKey = null;
    }
  }

  private void resumed(InstanceState instance, long at) {
    transition(instance, LifecycleCause.RESUME, at);
    if (instance.timeoutRemainingMs != null) {
      startTimeoutClock(instance, instance.timeoutRemainingMs, at);
      instance.timeoutRemainingMs = null;
    }
  }

  private void startTimeoutClock(InstanceState instance, long remainingMs, long at) {
    instance.timeoutAt = Durations.plus(at, remainingMs);
    instance.timerKey =
        state.scheduleTimer(
            TimerKind.WORKFLOW_TIMEOUT, instance.instanceId, null, 0, instance.timeoutAt);
  }

  private void activateGroup(InstanceState instance, int index) {
    GroupEntry group = state.group(instance.instanceId, index);
    instance.currentGroup = index;
    instance.groupRemaining = group.taskIds().size();
    instance.suffixAfterCurrentGroupMs = group.suffixAfterMs();
    for (String taskId : group.taskIds()) {
      makeReady(instance, state.task(instance.instanceId, taskId));
    }
  }

  private void makeReady(InstanceState instance, TaskState task) {
    if (task.heldAtBarrier) {
      state.removeWaiting(instance.instanceId, task);
      task.heldAtBarrier = false;
    }
    task.status = TaskStatus.READY;
    state.putTask(instance.instanceId, task);
    state.addReady(instance.instanceId, task);
    state.addFrontier(instance.instanceId, task);
  }

  private void transition(InstanceState instance, LifecycleCause cause, long at) {
    WorkflowStatus from = instance.status;
    WorkflowStatus to =
        Lifecycle.next(from, cause)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Expected "
                            + cause
                            + " to be allowed for instance '"
                            + instance.instanceId
                            + "' in status "
                            + from
                            + ", but the lifecycle forbids it"));
    instance.status = to;
    state.listed(instance, from);
    instance.history.add(new Transition(from, to, cause, at));
    if (instance.history.size() > InstanceState.HISTORY_LIMIT) {
      instance.history.remove(0);
    }
  }

  private void ended(InstanceState instance, LifecycleCause cause, long at) {
    transition(instance, cause, at);
    instance.endedAt = at;
    instance.activeTaskId = null;
    state.cancelTimer(instance.timerKey);
    instance.timerKey =
        retentionFinishedMs == 0
            ? null
            : state.scheduleTimer(
                TimerKind.RETENTION,
                instance.instanceId,
                null,
                0,
                Durations.plus(at, retentionFinishedMs));
    instance.timeoutAt = null;
    instance.timeoutRemainingMs = null;
    // Tasks still READY will never run: drop them from the indexes so nothing is left behind.
    for (IndexEntry entry : state.frontierByTail(instance.instanceId, Integer.MAX_VALUE)) {
      TaskState task = state.task(instance.instanceId, entry.taskId());
      if (task.heldAtBarrier) {
        state.removeWaiting(instance.instanceId, task);
        task.heldAtBarrier = false;
        state.putTask(instance.instanceId, task);
        continue;
      }
      state.removeFrontier(instance.instanceId, task);
      if (task.status == TaskStatus.READY) {
        state.removeReady(instance.instanceId, task);
        state.cancelTimer(task.timerKey);
        task.timerKey = null;
        state.putTask(instance.instanceId, task);
      }
    }
  }

  /**
   * FAILED to RUNNING: the retried tasks get a fresh budget and go back to waiting; then, as on
   * start, what may run is made ready (the current group's tasks under GROUPS, tasks whose
   * dependencies all completed otherwise), and tasks of later groups whose dependencies completed
   * are held at the barrier again. The workflow timeout starts again, in full.
   */
  private void retried(InstanceState instance, WorkflowRetried event, long at) {
    transition(instance, LifecycleCause.RETRY, at);
    state.cancelTimer(instance.timerKey); // the retention timer: a retried instance is kept
    instance.timerKey = null;
    instance.endedAt = null;
    instance.error = null;
    instance.activeTaskId = null;
    String id = instance.instanceId;
    for (String taskId : event.retriedTasks()) {
      TaskState task = state.task(id, taskId);
      if (task.status == TaskStatus.FAILED) {
        instance.failedTasks--;
      } else if (task.status == TaskStatus.CANCELLED) {
        instance.cancelledTasks--;
      }
      int budget = task.attemptBudget > 0 ? task.attemptBudget : task.attemptsAllowed;
      task.attemptBudget = budget;
      task.attemptsAllowed = task.attempt + budget;
      task.status = TaskStatus.WAITING;
      task.completedAt = null;
      task.retryAt = null;
      state.putTask(id, task);
    }
    for (TaskState task : state.tasks(id)) {
      if (task.status != TaskStatus.WAITING && task.status != TaskStatus.READY) {
        continue;
      }
      task.retryAt = null;
      if (instance.releasesByGroup() && task.group != instance.currentGroup) {
        if (task.group > instance.currentGroup && task.pendingDependencies == 0) {
          task.heldAtBarrier = true;
          state.putTask(id, task);
          state.addWaiting(id, task);
        }
      } else if (task.pendingDependencies == 0
          && (!instance.releasesByGroup() || task.group == instance.currentGroup)) {
        task.heldAtBarrier = false;
        makeReady(instance, task);
      }
    }
    if (instance.timeoutMs != null) {
      startTimeoutClock(instance, instance.timeoutMs, at);
    }
  }

  private void dispatched(InstanceState instance, TaskDispatched event, long at) {
    TaskState task = state.task(instance.instanceId, event.taskId());
    state.removeReady(instance.instanceId, task);
    task.status = TaskStatus.RUNNING;
    task.attempt = event.attempt();
    task.dispatchedAt = at;
    task.retryAt = null;
    // A retry can be dispatched by another event's scheduling before its own timer fired.
    state.cancelTimer(task.timerKey);
    task.timerKey =
        task.timeoutMs == null
            ? null
            : state.scheduleTimer(
                TimerKind.TASK_TIMEOUT,
                instance.instanceId,
                task.taskId,
                task.attempt,
                Durations.plus(at, task.timeoutMs));
    if (task.firstDispatchedAt == null) {
      task.firstDispatchedAt = at;
    }
    if (event.attempt() > 1) {
      instance.retries++;
    }
    instance.runningTasks++;
    if (!instance.allowParallel) {
      instance.activeTaskId = task.taskId;
    }
    state.putTask(instance.instanceId, task);
    state.updateFrontier(instance.instanceId, task);
  }

  private void completed(InstanceState instance, TaskCompleted event, long at) {
    TaskState task = state.task(instance.instanceId, event.taskId());
    endAttempt(instance, task, AttemptOutcome.COMPLETED);
    task.status = TaskStatus.COMPLETED;
    task.completedAt = at;
    task.error = null;
    task.outputJson = event.outputJson();
    state.putTask(instance.instanceId, task);
    state.removeFrontier(instance.instanceId, task);
    instance.completedTasks++;
    instance.remainingEstimateMs =
        Math.max(0, instance.remainingEstimateMs - task.estimatedDurationMs);

    if (instance.releasesByGroup()) {
      // A dependent with nothing left but the group barrier still counts for the critical path
      // of what is left: it goes on the longest-chain index, not yet on the ready ones.
      for (String dependentId : task.dependents) {
        TaskState dependent = state.task(instance.instanceId, dependentId);
        dependent.pendingDependencies--;
        if (dependent.pendingDependencies == 0 && dependent.status == TaskStatus.WAITING) {
          dependent.heldAtBarrier = true;
          state.addWaiting(instance.instanceId, dependent);
        }
        state.putTask(instance.instanceId, dependent);
      }
      instance.groupRemaining--;
      if (instance.groupRemaining == 0 && instance.currentGroup + 1 < instance.groupCount) {
        activateGroup(instance, instance.currentGroup + 1);
      }
    } else {
      for (String dependentId : task.dependents) {
        TaskState dependent = state.task(instance.instanceId, dependentId);
        dependent.pendingDependencies--;
        state.putTask(instance.instanceId, dependent);
        if (dependent.pendingDependencies == 0) {
          makeReady(instance, dependent);
        }
      }
    }
  }

  private void failed(
      InstanceState instance,
      String taskId,
      String error,
      Long retryAt,
      AttemptOutcome outcome,
      long at) {
    TaskState task = state.task(instance.instanceId, taskId);
    endAttempt(instance, task, outcome);
    task.error = error;
    if (retryAt != null) {
      task.status = TaskStatus.READY;
      task.retryAt = retryAt;
      if (retryAt > at) {
        task.timerKey =
            state.scheduleTimer(
                TimerKind.RETRY, instance.instanceId, task.taskId, task.attempt, retryAt);
      }
      state.addReady(instance.instanceId, task);
      state.updateFrontier(instance.instanceId, task);
    } else {
      task.status = TaskStatus.FAILED;
      task.completedAt = at;
      instance.failedTasks++;
      state.removeFrontier(instance.instanceId, task);
    }
    state.putTask(instance.instanceId, task);
  }

  private void cancelled(InstanceState instance, TaskCancelled event, long at) {
    TaskState task = state.task(instance.instanceId, event.taskId());
    endAttempt(instance, task, AttemptOutcome.CANCELLED);
    task.status = TaskStatus.CANCELLED;
    task.completedAt = at;
    instance.cancelledTasks++;
    state.putTask(instance.instanceId, task);
    state.removeFrontier(instance.instanceId, task);
  }

  private void endAttempt(InstanceState instance, TaskState task, AttemptOutcome outcome) {
    state.cancelTimer(task.timerKey);
    task.timerKey = null;
    task.outcomes.add(outcome);
    instance.runningTasks--;
    if (task.taskId.equals(instance.activeTaskId)) {
      instance.activeTaskId = null;
    }
  }
}
