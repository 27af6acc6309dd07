package dev.baton.domain;

import dev.baton.protocol.Durations;
import dev.baton.protocol.Ids;
import dev.baton.protocol.definition.DagAnalysis;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.RetryBackoff;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.TaskNode;
import dev.baton.protocol.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Validates a definition and makes its plan: execution order, parallel groups, critical path and
 * estimated total time. Runs in O(tasks + dependencies).
 */
public final class Planner {

  public static final int DEFAULT_MAX_TASKS = 10_000;

  private final int maxTasks;

  public Planner() {
    this(DEFAULT_MAX_TASKS);
  }

  public Planner(int maxTasks) {
    this.maxTasks = maxTasks;
  }

  /** The outcome of planning: an analysis, or the reason the definition is invalid. */
  public sealed interface Result permits Valid, Invalid {}

  public record Valid(DagAnalysis analysis) implements Result {}

  public record Invalid(String reason) implements Result {}

  public Result plan(WorkflowDefinition definition) {
    String problem = validate(definition);
    if (problem != null) {
      return new Invalid(problem);
    }
    List<TaskDefinition> tasks = definition.tasks();
    Map<String, Integer> definitionIndex = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      definitionIndex.put(tasks.get(i).id(), i);
    }
    Map<String, List<String>> dependents = dependentsOf(tasks);

    List<String> order = topologicalOrder(tasks, definitionIndex, dependents);
    if (order.size() < tasks.size()) {
      return new Invalid("dependency cycle: " + String.join(" -> ", findCycle(tasks, order)));
    }
    Map<String, Integer> orderIndex = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      orderIndex.put(order.get(i), i);
    }
    Map<String, TaskDefinition> byId = new HashMap<>();
    tasks.forEach(t -> byId.put(t.id(), t));

    // Longest chain of dependencies from a root, in edges: the task's group.
    Map<String, Integer> group = new HashMap<>();
    int groupCount = 0;
    for (String id : order) {
      int level = 0;
      for (String dep : byId.get(id).dependencies()) {
        level = Math.max(level, group.get(dep) + 1);
      }
      group.put(id, level);
      groupCount = Math.max(groupCount, level + 1);
    }
    List<List<String>> groups = new ArrayList<>();
    List<Long> groupMax = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      groups.add(new ArrayList<>());
      groupMax.add(0L);
    }
    for (String id : order) {
      int g = group.get(id);
      groups.get(g).add(id);
      groupMax.set(g, Math.max(groupMax.get(g), byId.get(id).estimatedDurationMs()));
    }

    // Longest estimate-weighted chain from each task to the end, computed backwards.
    Map<String, Long> tail = new HashMap<>();
    Map<String, String> next = new HashMap<>();
    for (int i = order.size() - 1; i >= 0; i--) {
      String id = order.get(i);
      long best = 0;
      String bestNext = null;
      for (String dependent : dependents.get(id)) {
        long t = tail.get(dependent);
        if (bestNext == null
            || t > best
            || (t == best && orderIndex.get(dependent) < orderIndex.get(bestNext))) {
          best = t;
          bestNext = dependent;
        }
      }
      tail.put(id, Durations.plus(byId.get(id).estimatedDurationMs(), best));
      next.put(id, bestNext);
    }
    String start = null;
    for (String id : order) {
      if (byId.get(id).dependencies().isEmpty()
          && (start == null || tail.get(id) > tail.get(start))) {
        start = id;
      }
    }
    List<String> criticalPath = new ArrayList<>();
    for (String id = start; id != null; id = next.get(id)) {
      criticalPath.add(id);
    }

    long estimate;
    if (!definition.allowParallel()) {
      estimate =
          tasks.stream().mapToLong(TaskDefinition::estimatedDurationMs).reduce(0, Durations::plus);
    } else if (definition.scheduling() == Scheduling.EAGER) {
      estimate = start == null ? 0 : tail.get(start);
    } else {
      estimate = groupMax.stream().mapToLong(Long::longValue).reduce(0, Durations::plus);
    }

    Map<String, TaskNode> nodes = new LinkedHashMap<>();
    for (TaskDefinition task : tasks) {
      String id = task.id();
      List<String> sortedDependents = new ArrayList<>(dependents.get(id));
      sortedDependents.sort(Comparator.comparing(orderIndex::get));
      nodes.put(
          id,
          new TaskNode(
              task,
              orderIndex.get(id),
              group.get(id),
              sortedDependents,
              tail.get(id),
              next.get(id)));
    }
    Plan plan = new Plan(order, groups, criticalPath, estimate);
    return new Valid(
        new DagAnalysis(
            definition, plan, Collections.unmodifiableMap(nodes), List.copyOf(groupMax)));
  }

  private String validate(WorkflowDefinition definition) {
    if (!Ids.isValid(definition.id())) {
      return "invalid workflow id '" + definition.id() + "': ids match " + Ids.PATTERN.pattern();
    }
    if (definition.maxRetries() < 0) {
      return "negative maxRetries " + definition.maxRetries();
    }
    if (definition.timeoutMs() != null && definition.timeoutMs() <= 0) {
      return "workflow timeoutMs must be positive, was " + definition.timeoutMs();
    }
    List<TaskDefinition> tasks = definition.tasks();
    if (tasks.size() > maxTasks) {
      return "too many tasks: " + tasks.size() + " (the limit is " + maxTasks + ")";
    }
    Set<String> ids = new HashSet<>();
    for (TaskDefinition task : tasks) {
      if (!Ids.isValid(task.id())) {
        return "invalid task id '" + task.id() + "': ids match " + Ids.PATTERN.pattern();
      }
      if (!ids.add(task.id())) {
        return "duplicate task id '" + task.id() + "'";
      }
    }
    for (TaskDefinition task : tasks) {
      if (task.estimatedDurationMs() < 0) {
        return "task '" + task.id() + "' has a negative duration: " + task.estimatedDurationMs();
      }
      if (task.maxRetries() != null && task.maxRetries() < 0) {
        return "task '" + task.id() + "' has negative maxRetries " + task.maxRetries();
      }
      if (task.timeoutMs() != null && task.timeoutMs() <= 0) {
        return "task '" + task.id() + "' timeoutMs must be positive, was " + task.timeoutMs();
      }
      RetryBackoff backoff = task.retryBackoff();
      if (backoff != null
          && (backoff.initialMs() < 0
              || backoff.multiplier() < 1.0
              || (backoff.maxMs() != null && backoff.maxMs() < 0))) {
        return "task '"
            + task.id()
            + "' has an invalid retryBackoff: initialMs and maxMs must be"
            + " >= 0 and multiplier >= 1";
      }
      Set<String> seen = new HashSet<>();
      for (String dep : task.dependencies()) {
        if (!ids.contains(dep)) {
          return "task '" + task.id() + "' depends on unknown task '" + dep + "'";
        }
        if (!seen.add(dep)) {
          return "task '" + task.id() + "' lists dependency '" + dep + "' twice";
        }
      }
    }
    return null;
  }

  private static Map<String, List<String>> dependentsOf(List<TaskDefinition> tasks) {
    Map<String, List<String>> dependents = new HashMap<>();
    tasks.forEach(t -> dependents.put(t.id(), new ArrayList<>()));
    for (TaskDefinition task : tasks) {
      for (String dep : task.dependencies()) {
        dependents.get(dep).add(task.id());
      }
    }
    return dependents;
  }

  /** Kahn's algorithm; among ready tasks, higher priority first, then definition order. */
  private static List<String> topologicalOrder(
      List<TaskDefinition> tasks,
      Map<String, Integer> definitionIndex,
      Map<String, List<String>> dependents) {
    Map<String, TaskDefinition> byId = new HashMap<>();
    Map<String, Integer> missing = new HashMap<>();
    PriorityQueue<TaskDefinition> ready =
        new PriorityQueue<>(
            Comparator.comparingInt(TaskDefinition::priority)
                .reversed()
                .thenComparing(t -> definitionIndex.get(t.id())));
    for (TaskDefinition task : tasks) {
      byId.put(task.id(), task);
      missing.put(task.id(), task.dependencies().size());
      if (task.dependencies().isEmpty()) {
        ready.add(task);
      }
    }
    List<String> order = new ArrayList<>(tasks.size());
    while (!ready.isEmpty()) {
      TaskDefinition task = ready.poll();
      order.add(task.id());
      for (String dependent : dependents.get(task.id())) {
        if (missing.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(byId.get(dependent));
        }
      }
    }
    return order;
  }

  /** Walks dependencies among the tasks Kahn could not order until one repeats: a real cycle. */
  private static List<String> findCycle(List<TaskDefinition> tasks, List<String> ordered) {
    Set<String> done = new HashSet<>(ordered);
    Map<String, TaskDefinition> byId = new HashMap<>();
    tasks.forEach(t -> byId.put(t.id(), t));
    String current =
        tasks.stream()
            .map(TaskDefinition::id)
            .filter(id -> !done.contains(id))
            .findFirst()
            .orElseThrow();
    LinkedHashSet<String> walk = new LinkedHashSet<>();
    while (walk.add(current)) {
      current =
          byId.get(current).dependencies().stream()
              .filter(dep -> !done.contains(dep))
              .findFirst()
              .orElseThrow();
    }
    // The walk follows "depends on" edges; reverse it so the message reads in execution direction.
    List<String> cycle = new ArrayList<>();
    boolean inCycle = false;
    for (String id : walk) {
      inCycle |= id.equals(current);
      if (inCycle) {
        cycle.add(id);
      }
    }
    Collections.reverse(cycle);
    cycle.add(cycle.get(0));
    return cycle;
  }
}
