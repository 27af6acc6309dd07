package dev.baton.bench;

/**
 * One measured run of an application, from the start of processing to the last output committed.
 *
 * @param name what was measured, such as {@code saturation/chain}
 * @param shape the workflow shape, null for the limit application
 * @param workflows workflows run to completion (0 for the limit application)
 * @param heldInstances finished instances already in the stores when the measurement began
 * @param inputRecords records consumed: commands and task results (the limit: its input)
 * @param outputRecords committed records written to status, dispatch and metrics (the limit: its
 *     output)
 * @param appCpuNanos CPU time of the application's Java threads during the measurement
 * @param processCpuNanos CPU time of the whole benchmark JVM (application, worker, producer)
 * @param brokerCpuNanos CPU time of the broker JVM, -1 when unknown
 * @param latency turnaround: from a task result sent to the dispatch it released being readable
 * @param firstDispatchLatency from a CreateWorkflow sent to its first dispatches being readable
 * @param offeredWorkflowsPerSecond the submission rate, 0 when everything was submitted up front
 */
public record Measurement(
    String name,
    String shape,
    int workflows,
    int tasksPerWorkflow,
    long heldInstances,
    long inputRecords,
    long outputRecords,
    long elapsedNanos,
    long appCpuNanos,
    long processCpuNanos,
    long brokerCpuNanos,
    LatencySamples latency,
    LatencySamples firstDispatchLatency,
    double offeredWorkflowsPerSecond) {

  public long tasks() {
    return (long) workflows * tasksPerWorkflow;
  }

  public double seconds() {
    return elapsedNanos / 1e9;
  }

  public double recordsPerSecond() {
    return (inputRecords + outputRecords) / seconds();
  }

  public double tasksPerSecond() {
    return tasks() / seconds();
  }

  public double workflowsPerSecond() {
    return workflows / seconds();
  }

  /** Wall-clock time per task: 1 / tasks per second, in microseconds. */
  public double microsPerTask() {
    return elapsedNanos / 1e3 / tasks();
  }

  /** CPU time of the application's threads per task, in microseconds. */
  public double appCpuMicrosPerTask() {
    return appCpuNanos / 1e3 / tasks();
  }

  /** CPU time of the application's threads per record in or out, in microseconds. */
  public double appCpuMicrosPerRecord() {
    return appCpuNanos / 1e3 / (inputRecords + outputRecords);
  }

  /** Output records per input record. */
  public double outputsPerInput() {
    return (double) outputRecords / inputRecords;
  }
}
