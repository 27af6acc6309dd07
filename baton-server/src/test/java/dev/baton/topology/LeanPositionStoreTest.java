package dev.baton.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The position a changelog write asks for, with IQ's consistency vectors off and on. */
class LeanPositionStoreTest {

  @TempDir Path stateDir;

  @Test
  void shouldAnswerAnEmptyPositionWhileTheStoreKeepsItsOwn() {
    Fixture fixture = new Fixture(false);

    fixture.put("a", "topic", 0, 41);

    assertThat(fixture.store.get(key("a"))).isEqualTo(bytes("v"));
    assertThat(fixture.store.getPosition()).isEqualTo(Position.emptyPosition());
    assertThat(fixture.rocksDb.getPosition())
        .isEqualTo(Position.fromMap(Map.of("topic", Map.of(0, 41L))));
    fixture.store.close();
  }

  @Test
  void shouldAnswerTheStoresPositionWhenChangelogRecordsCarryIt() {
    Fixture fixture = new Fixture(true);

    fixture.put("a", "topic", 0, 41);

    assertThat(fixture.store.getPosition())
        .isEqualTo(Position.fromMap(Map.of("topic", Map.of(0, 41L))));
    fixture.store.close();
  }

  private final class Fixture {
    final MockProcessorContext<Object, Object> context;
    final KeyValueStore<Bytes, byte[]> store;
    final KeyValueStore<Bytes, byte[]> rocksDb;

    Fixture(boolean consistencyVectors) {
      Properties config = new Properties();
      config.put(StreamsConfig.APPLICATION_ID_CONFIG, "lean-position-store-test");
      config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
      config.put(
          StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED,
          Boolean.toString(consistencyVectors));
      context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
      rocksDb = Stores.persistentKeyValueStore("lean").get();
      store = LeanPositionStore.wrap(rocksDb);
      store.init(context.getStateStoreContext(), store);
    }

    void put(String key, String topic, int partition, long offset) {
      context.setRecordMetadata(topic, partition, offset);
      store.put(key(key), bytes("v"));
    }
  }

  private static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
