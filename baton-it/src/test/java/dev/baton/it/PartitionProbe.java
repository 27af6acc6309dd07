package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;

/**
 * How long after a fault every partition is served again. A probe is a StartWorkflow of an instance
 * that does not exist, answered by a rejection: one is sent every 100 ms to each of several keys,
 * spread over the partitions, until each partition has answered one sent after the fault.
 *
 * <p>Two times come of it: when the answer was processed (the rejection's timestamp, the server's
 * clock, this machine's) and when a read_committed reader saw it, which also waits for the
 * transaction that carried it and for any transaction the fault left open on that partition.
 */
final class PartitionProbe {

  /** Milliseconds after the fault, the latest over the partitions. */
  record Recovery(long processedMs, long visibleMs) {}

  private PartitionProbe() {}

  /** Each round's time until processed and until visible, in seconds. */
  static String describe(List<PartitionProbe.Recovery> rounds) {
    return rounds.stream()
            .map(
                r ->
                    String.format(
                        java.util.Locale.ROOT,
                        "%.1f/%.1f s",
                        r.processedMs() / 1000.0,
                        r.visibleMs() / 1000.0))
            .collect(java.util.stream.Collectors.joining(", "))
        + " (processed/visible)";
  }

  static Recovery untilServed(TestApp run, long since, String name) {
    Map<Integer, Long> processed = new TreeMap<>();
    Map<Integer, Long> seen = new TreeMap<>();
    int[] sent = {0};
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              for (int i = 0; i < 4; i++) {
                String id = name + "-" + sent[0]++;
                run.send(
                    run.topics.commands(),
                    id,
                    ("{\"type\":\"StartWorkflow\",\"instanceId\":\"" + id + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
              }
              for (TopicReader.Received r : run.status.records()) {
                if (r.key().startsWith(name + "-")) {
                  long at = r.value().get("timestamp").asLong();
                  if (at >= since) {
                    processed.merge(r.partition(), at, Math::min);
                    seen.putIfAbsent(r.partition(), System.currentTimeMillis());
                  }
                }
              }
              return processed.size() == BatonTestCluster.PARTITIONS;
            });
    assertThat(processed).hasSize(BatonTestCluster.PARTITIONS);
    return new Recovery(
        processed.values().stream().mapToLong(at -> at - since).max().orElseThrow(),
        seen.values().stream().mapToLong(at -> at - since).max().orElseThrow());
  }
}
