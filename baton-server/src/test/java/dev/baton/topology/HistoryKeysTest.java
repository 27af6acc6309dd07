package dev.baton.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How events are kept in chunks, read back in seq order, and mixed with single values. */
class HistoryKeysTest {

  private final KeyValueStore<String, byte[]> store = newStore();

  private static KeyValueStore<String, byte[]> newStore() {
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("history"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] event(long seq) {
    return ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] event(long seq, int size) {
    byte[] json = new byte[size];
    byte[] head = event(seq);
    java.util.Arrays.fill(json, (byte) ' ');
    System.arraycopy(head, 0, json, 0, head.length - 1);
    json[size - 1] = '}';
    return json;
  }

  private List<Long> seqs(long afterSeq, int limit) {
    List<Long> seqs = new ArrayList<>();
    for (KeyValue<String, byte[]> kv : HistoryKeys.page(store, "i", afterSeq, limit)) {
      long seq = HistoryKeys.seqOf(kv.key);
      assertThat(new String(kv.value, StandardCharsets.UTF_8)).startsWith("{\"seq\":" + seq);
      seqs.add(seq);
    }
    return seqs;
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void shouldKeepSixteenEventsToAValueAndReadThemBackInSeqOrder() {
    for (long seq = 1; seq <= 40; seq++) {
      HistoryKeys.append(store, "i", seq, event(seq));
    }

    assertThat(keys())
        .containsExactly(HistoryKeys.of("i", 1), HistoryKeys.of("i", 17), HistoryKeys.of("i", 33));
    assertThat(seqs(0, 1000)).isEqualTo(range(1, 40));
    assertThat(seqs(20, 5)).isEqualTo(range(21, 25));
    assertThat(seqs(14, 5)).isEqualTo(range(15, 19));
    assertThat(seqs(16, 1)).containsExactly(17L);
    assertThat(seqs(40, 10)).isEmpty();
    assertThat(HistoryKeys.page(store, "other", 0, 10)).isEmpty();
  }

  @Test
  void shouldReadValuesAnEarlierVersionWroteBeforeTheChunksThatFollowThem() {
    // given the events an earlier Baton wrote, one value each
    for (long seq = 1; seq <= 5; seq++) {
      store.put(HistoryKeys.of("i", seq), event(seq));
    }

    // when this version goes on with the same instance
    for (long seq = 6; seq <= 40; seq++) {
      HistoryKeys.append(store, "i", seq, event(seq));
    }

    // then the events until the next chunk stay single values, and every event reads in order
    assertThat(keys()).hasSize(16 + 2).contains(HistoryKeys.of("i", 16), HistoryKeys.of("i", 17));
    assertThat(seqs(0, 1000)).isEqualTo(range(1, 40));
    assertThat(seqs(3, 4)).isEqualTo(range(4, 7));
  }

  @Test
  void shouldKeepAnEventTooLargeForItsChunkAsAValueOfItsOwn() {
    HistoryKeys.append(store, "i", 1, event(1));
    HistoryKeys.append(store, "i", 2, event(2, HistoryKeys.CHUNK_MAX_BYTES));
    HistoryKeys.append(store, "i", 3, event(3));
    HistoryKeys.append(store, "i", 17, event(17));
    HistoryKeys.append(store, "i", 18, event(18));

    assertThat(keys())
        .containsExactly(
            HistoryKeys.of("i", 1),
            HistoryKeys.of("i", 2),
            HistoryKeys.of("i", 3),
            HistoryKeys.of("i", 17));
    assertThat(seqs(0, 100)).containsExactly(1L, 2L, 3L, 17L, 18L);
    assertThat(HistoryKeys.page(store, "i", 1, 1).get(0).value)
        .hasSize(HistoryKeys.CHUNK_MAX_BYTES);
  }

  @Test
  void shouldReplaceAnEventWrittenAgainAsAPutWould() {
    for (long seq = 1; seq <= 3; seq++) {
      HistoryKeys.append(store, "i", seq, event(seq));
    }

    HistoryKeys.append(
        store, "i", 3, "{\"seq\":3,\"again\":true}".getBytes(StandardCharsets.UTF_8));

    assertThat(HistoryKeys.page(store, "i", 0, 10))
        .extracting(kv -> new String(kv.value, StandardCharsets.UTF_8))
        .containsExactly("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3,\"again\":true}");
  }

  @Test
  void shouldDeleteChunksAndSingleValuesOfOneInstanceOnly() {
    store.put(HistoryKeys.of("i", 1), event(1));
    for (long seq = 2; seq <= 20; seq++) {
      HistoryKeys.append(store, "i", seq, event(seq));
    }
    HistoryKeys.append(store, "i2", 1, event(1));

    HistoryKeys.deleteAll(store, "i");

    assertThat(keys()).containsExactly(HistoryKeys.of("i2", 1));
  }
}
