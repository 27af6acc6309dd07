package dev.baton.engine;

import dev.baton.domain.Planner;

/**
 * Engine limits.
 *
 * @param maxTasks the largest definition accepted
 * @param criticalPathLimit how many tasks of the remaining critical path a metrics snapshot lists
 *     (the head of the path; the whole plan's path is in WorkflowCreated). The list lives in the
 *     instance header, rewritten on every event, so it is bounded to keep events O(1)
 * @param maxOutputRecordBytes the largest record a definition may make Baton write (its
 *     WorkflowCreated event, a dispatch of one of its tasks): at most what the producer and the
 *     topics take
 */
public record EngineConfig(int maxTasks, int criticalPathLimit, long maxOutputRecordBytes) {

  /** 4 MiB, as the input limit: what fits in one input fits in the records it makes. */
  public static final long DEFAULT_MAX_OUTPUT_RECORD_BYTES = 4L * 1024 * 1024;

  public static final EngineConfig DEFAULTS =
      new EngineConfig(Planner.DEFAULT_MAX_TASKS, 20, DEFAULT_MAX_OUTPUT_RECORD_BYTES);

  /** The limits of two-argument callers, with the default output limit. */
  public EngineConfig(int maxTasks, int criticalPathLimit) {
    this(maxTasks, criticalPathLimit, DEFAULT_MAX_OUTPUT_RECORD_BYTES);
  }
}
