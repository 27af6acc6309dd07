package dev.baton.server;

import dev.baton.engine.state.OrderedKv;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A store of a running application, reached by an interactive query, as the state layer sees one.
 * Queries only read; a write would be a defect, so it fails loudly instead of being dropped.
 */
final class ReadOnlyStoreKv<V> implements OrderedKv<V> {

  private static final StringSerializer KEYS = new StringSerializer();

  private final ReadOnlyKeyValueStore<String, V> store;

  ReadOnlyStoreKv(ReadOnlyKeyValueStore<String, V> store) {
    this.store = store;
  }

  @Override
  public V get(String key) {
    return store.get(key);
  }

  @Override
  public void put(String key, V value) {
    throw new UnsupportedOperationException("Interactive queries are read-only; cannot write " + key);
  }

  @Override
  public void delete(String key) {
    throw new UnsupportedOperationException("Interactive queries are read-only; cannot delete " + key);
  }

  @Override
  public void scan(String prefix, Predicate<Map.Entry<String, V>> visitor) {
    try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
      visit(it, null, visitor);
    }
  }

  @Override
  public void range(String from, String to, Predicate<Map.Entry<String, V>> visitor) {
    // Kafka's range includes its upper bound; OrderedKv's does not.
    try (KeyValueIterator<String, V> it = store.range(from, to)) {
      visit(it, to, visitor);
    }
  }

  private static <V> void visit(KeyValueIterator<String, V> it, String before,
      Predicate<Map.Entry<String, V>> visitor) {
    while (it.hasNext()) {
      KeyValue<String, V> kv = it.next();
      if ((before != null && kv.key.compareTo(before) >= 0)
          || !visitor.test(Map.entry(kv.key, kv.value))) {
        return;
      }
    }
  }
}
