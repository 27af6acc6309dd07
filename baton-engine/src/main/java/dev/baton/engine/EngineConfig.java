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
 * @param maxTaskOutputBytes the largest task output kept (bytes of JSON); a larger one is kept as
 *     {@code {"truncated": true, "bytes": n}}
 * @param retentionFinishedMs how long a finished instance is kept after it ended; 0 keeps it
 */
public record EngineConfig(
    int maxTasks,
    int criticalPathLimit,
    long maxOutputRecordBytes,
    int maxTaskOutputBytes,
    long retentionFinishedMs) {

  /** 4 MiB, as the input limit: what fits in one input fits in the records it makes. */
  public static final long DEFAULT_MAX_OUTPUT_RECORD_BYTES = 4L * 1024 * 1024;

  public static final int DEFAULT_MAX_TASK_OUTPUT_BYTES = 65_536;

  public static final long DEFAULT_RETENTION_FINISHED_MS = 7L * 24 * 60 * 60 * 1000;

  public static final EngineConfig DEFAULTS =
      new EngineConfig(
          Planner.DEFAULT_MAX_TASKS,
          20,
          DEFAULT_MAX_OUTPUT_RECORD_BYTES,
          DEFAULT_MAX_TASK_OUTPUT_BYTES,
          DEFAULT_RETENTION_FINISHED_MS);

  public EngineConfig {
    if (maxTaskOutputBytes < 0 || retentionFinishedMs < 0) {
      throw new IllegalArgumentException("limits cannot be negative");
    }
  }

  /** The limits of three-argument callers, with the default output cap and retention. */
  public EngineConfig(int maxTasks, int criticalPathLimit, long maxOutputRecordBytes) {
    this(
        maxTasks,
        criticalPathLimit,
        maxOutputRecordBytes,
        DEFAULT_MAX_TASK_OUTPUT_BYTES,
        DEFAULT_RETENTION_FINISHED_MS);
  }

  /** The limits of two-argument callers, with the default output limit. */
  public EngineConfig(int maxTasks, int criticalPathLimit) {
    this(maxTasks, criticalPathLimit, DEFAULT_MAX_OUTPUT_RECORD_BYTES);
  }

  public EngineConfig withRetentionFinishedMs(long ms) {
    return new EngineConfig(
        maxTasks, criticalPathLimit, maxOutputRecordBytes, maxTaskOutputBytes, ms);
  }

  public EngineConfig withMaxTaskOutputBytes(int bytes) {
    return new EngineConfig(
        maxTasks, criticalPathLimit, maxOutputRecordBytes, bytes, retentionFinishedMs);
  }
}
