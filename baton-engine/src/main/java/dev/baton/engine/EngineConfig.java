package dev.baton.engine;

import dev.baton.domain.Planner;

/**
 * Engine limits.
 *
 * @param maxTasks the largest definition accepted
 * @param criticalPathLimit how many tasks of the remaining critical path a metrics snapshot lists
 *     (the head of the path; the whole plan's path is in WorkflowCreated). The list lives in the
 *     instance header, rewritten on every event, so it is bounded to keep events O(1)
 */
public record EngineConfig(int maxTasks, int criticalPathLimit) {

  public static final EngineConfig DEFAULTS = new EngineConfig(Planner.DEFAULT_MAX_TASKS, 20);
}
