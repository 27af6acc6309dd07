package dev.baton.protocol.output;

/**
 * A definition's metrics over one tumbling window, covering every instance of it in the
 * application; the percentiles are null when no instance completed in the window.
 */
public record DefinitionMetrics(
    String workflowId,
    long windowStart,
    long windowEnd,
    long started,
    long completed,
    long failed,
    long cancelled,
    long running,
    long taskAttempts,
    long taskFailures,
    Long workflowDurationMsP50,
    Long workflowDurationMsP95,
    long timestamp) {

  /** The record key on the metrics topic. */
  public static String key(String workflowId) {
    return "definition:" + workflowId;
  }
}
