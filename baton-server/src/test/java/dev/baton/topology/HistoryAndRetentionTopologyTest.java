package dev.baton.topology;

import static dev.baton.topology.TopologyFixture.definition;
import static dev.baton.topology.TopologyFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.EngineConfig;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.StoredEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The history store, the list indexes and retention, on the real topology and RocksDB stores. */
class HistoryAndRetentionTopologyTest {

  private static final long RETENTION_MS = 60_000;

  private final TopologyFixture f =
      new TopologyFixture(EngineConfig.DEFAULTS.withRetentionFinishedMs(RETENTION_MS));

  @AfterEach
  void close() {
    f.close();
  }

  private static <V> List<KeyValue<String, V>> all(KeyValueStore<String, V> store) {
    List<KeyValue<String, V>> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.all()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private KeyValueStore<String, byte[]> history() {
    return f.driver.getKeyValueStore(BatonTopology.HISTORY_STORE);
  }

  private KeyValueStore<String, InstanceState> instances() {
    return f.driver.getKeyValueStore(BatonTopology.INSTANCES_STORE);
  }

  private KeyValueStore<String, StoredEntry> entries() {
    return f.driver.getKeyValueStore(BatonTopology.ENTRIES_STORE);
  }

  private KeyValueStore<String, StoredEntry> liveLists() {
    return f.driver.getKeyValueStore(BatonTopology.LIVE_LISTS_STORE);
  }

  @Test
  void shouldKeepExactlyWhatTheStatusTopicHoldsInSeqOrder() {
    // given a run with a failure, a retry of the workflow and an output
    f.create("i", definition("wf", "GROUPS", task("a", 10), task("b", 10, "a")), true);
    f.failed("i", "a", 1, "boom");
    f.sendCommand("i", "{\"type\":\"RetryWorkflow\",\"instanceId\":\"i\",\"commandId\":\"r1\"}");
    f.sendResult(
        "i",
        "{\"type\":\"TaskCompleted\",\"instanceId\":\"i\",\"taskId\":\"a\",\"attempt\":2,"
            + "\"output\":{\"n\":1}}");
    f.command("PauseWorkflow", "nope"); // a rejection with seq 0 belongs to no history
    List<String> published =
        f.status.readRecordsToList().stream()
            .filter(r -> r.key().equals("i"))
            .map(TestRecord::value)
            .toList();

    // when
    List<String> kept =
        HistoryKeys.page(history(), "i", 0, 1000).stream()
            .map(kv -> new String(kv.value, java.nio.charset.StandardCharsets.UTF_8))
            .toList();

    // then
    assertThat(kept).containsExactlyElementsOf(published);
    assertThat(published)
        .anySatisfy(json -> assertThat(json).contains("\"type\":\"WorkflowRetried\""));
    assertThat(published)
        .anySatisfy(
            json -> assertThat(json).contains("\"output\":{\"n\":1}").contains("\"attempt\":2"));
    assertThat(HistoryKeys.page(history(), "i", 3, 2))
        .extracting(kv -> HistoryKeys.seqOf(kv.key))
        .containsExactly(4L, 5L);
    assertThat(HistoryKeys.page(history(), "nope", 0, 10)).isEmpty();
  }

  @Test
  void shouldMoveAnInstanceBetweenTheStatusIndexes() {
    f.create("i", definition("wf", "GROUPS", task("a", 10)), false);
    assertThat(listKeys())
        .anyMatch(k -> k.startsWith("!ls/s/PENDING/"))
        .noneMatch(k -> k.startsWith("!ls/s/RUNNING/"));

    f.command("StartWorkflow", "i");

    assertThat(listKeys())
        .hasSize(4)
        .anyMatch(k -> k.startsWith("!ls/a/") && k.endsWith("/i"))
        .anyMatch(k -> k.startsWith("!ls/w/wf/"))
        .anyMatch(k -> k.startsWith("!ls/s/RUNNING/"))
        .anyMatch(k -> k.startsWith("!ls/sw/RUNNING/wf/"))
        .noneMatch(k -> k.contains("PENDING"));
    // a live status's entries are in the in-memory store alone, the rest in RocksDB alone
    assertThat(all(liveLists()))
        .extracting(kv -> kv.key)
        .containsExactlyInAnyOrder(
            listKeys().stream().filter(k -> k.contains("RUNNING")).toArray(String[]::new));
    assertThat(all(entries())).extracting(kv -> kv.key).noneMatch(k -> k.contains("RUNNING"));

    // and a finished instance leaves the live store empty
    f.completed("i", "a", 1);
    assertThat(all(liveLists())).isEmpty();
    assertThat(listKeys()).anyMatch(k -> k.startsWith("!ls/s/COMPLETED/")).hasSize(4);
  }

  private List<String> listKeys() {
    List<String> keys = new ArrayList<>();
    all(entries()).forEach(kv -> keys.add(kv.key));
    all(liveLists()).forEach(kv -> keys.add(kv.key));
    return keys.stream().filter(k -> k.startsWith("!ls/")).toList();
  }

  @Test
  void shouldDeleteEveryTraceOfAFinishedInstanceFromEveryStoreWhenItsRetentionEnds() {
    // given one instance that finishes and one that keeps running
    f.create("old", definition("wf", "EAGER", task("a", 10), task("b", 10, "a")), true);
    f.create("live", definition("wf", "GROUPS", task("x", 10)), true);
    f.completed("old", "a", 1);
    f.completed("old", "b", 1);
    f.metrics.readRecordsToList();
    assertThat(HistoryKeys.page(history(), "old", 0, 100)).isNotEmpty();

    // when its retention passes (the wall clock moves, a tick fires the timer)
    f.advanceWallClock(RETENTION_MS + 2_000);

    // then nothing of it is left in the four stores, and all of the other is
    assertThat(all(instances())).extracting(kv -> kv.key).containsExactly("live");
    assertThat(all(entries()).stream().map(kv -> kv.key).collect(Collectors.toList()))
        .noneMatch(k -> k.contains("old"))
        .anyMatch(k -> k.startsWith("live/"));
    assertThat(all(history())).extracting(kv -> kv.key).allMatch(k -> k.startsWith("live/"));
    assertThat(all(liveLists()))
        .extracting(kv -> kv.key)
        .hasSize(2) // RUNNING, and RUNNING of wf
        .allMatch(k -> k.endsWith("/live"));
    assertThat(HistoryKeys.page(history(), "live", 0, 100)).isNotEmpty();
    // and the compacted metrics topic gets a tombstone for it
    assertThat(f.metrics.readRecordsToList())
        .anySatisfy(
            r -> {
              assertThat(r.key()).isEqualTo("old");
              assertThat(r.value()).isNull();
            });
    // and the id can be used again
    f.create("old", definition("wf", "GROUPS", task("a", 10)), false);
    assertThat(instances().get("old").seq).isEqualTo(1);
  }
}
