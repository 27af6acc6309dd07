package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Baton application's JVM while it holds {@code instances} finished instances.
 *
 * @param loadSeconds from RUNNING until every CreateWorkflow was committed
 * @param stateDirBytes the size of its RocksDB state directory on disk
 */
public record MemoryFigures(
    long instances,
    double produceSeconds,
    double loadSeconds,
    long heapUsedBytes,
    long heapCommittedBytes,
    long heapMaxBytes,
    long nonHeapUsedBytes,
    long rssBytes,
    long peakRssBytes,
    long stateDirBytes) {

  static MemoryFigures fromProbe(JsonNode probe, double produceSeconds) {
    return new MemoryFigures(
        probe.get("instances").asLong(),
        produceSeconds,
        probe.get("loadSeconds").asDouble(),
        probe.get("heapUsedBytes").asLong(),
        probe.get("heapCommittedBytes").asLong(),
        probe.get("heapMaxBytes").asLong(),
        probe.get("nonHeapUsedBytes").asLong(),
        probe.get("rssBytes").asLong(),
        probe.get("peakRssBytes").asLong(),
        probe.get("stateDirBytes").asLong());
  }

  public double commandsPerSecond() {
    return instances / loadSeconds;
  }
}
