package dev.baton.topology;

import dev.baton.protocol.output.DefinitionMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Reads of the DefinitionMetrics stores, for the HTTP API. */
public final class DefinitionQueries {

  private DefinitionQueries() {}

  /** Up to {@code limit} windows of {@code workflowId}, newest first, as of {@code now}. */
  public static List<DefinitionMetrics> windows(
      ReadOnlyWindowStore<String, byte[]> store,
      ReadOnlyKeyValueStore<String, Long> gauges,
      String workflowId,
      long windowMs,
      long now,
      int limit) {
    long from = Math.max(0, now - BatonTopology.DEFINITION_WINDOW_RETENTION.toMillis() - windowMs);
    List<DefinitionMetrics> out = new ArrayList<>();
    Long gauge = gauges.get(workflowId);
    try (WindowStoreIterator<byte[]> it =
        store.backwardFetch(workflowId, Instant.ofEpochMilli(from), Instant.ofEpochMilli(now))) {
      while (it.hasNext() && out.size() < limit) {
        KeyValue<Long, byte[]> entry = it.next();
        DefinitionWindow w = DefinitionWindow.decode(entry.value);
        out.add(
            new DefinitionMetrics(
                workflowId,
                entry.key,
                entry.key + windowMs,
                w.started,
                w.completed,
                w.failed,
                w.cancelled,
                gauge == null ? 0 : gauge,
                w.taskAttempts,
                w.taskFailures,
                w.percentile(50),
                w.percentile(95),
                now));
      }
    }
    return out;
  }
}
