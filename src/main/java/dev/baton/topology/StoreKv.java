package dev.baton.topology;

import dev.baton.engine.state.OrderedKv;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A Kafka Streams key-value store as the engine sees one. */
final class StoreKv<V> implements OrderedKv<V> {

  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, V> store;

  StoreKv(KeyValueStore<String, V> store) {
    this.store = store;
  }

  @Override
  public V get(String key) {
    return store.get(key);
  }

  @Override
  public void put(String key, V value) {
    store.put(key, value);
  }

  @Override
  public void delete(String key) {
    store.delete(key);
  }

  @Override
  public void range(String from, String to, Predicate<Map.Entry<String, V>> visitor) {
    // Kafka's range includes its upper bound; the key equal to it is filtered out here.
    try (KeyValueIterator<String, V> it = store.range(from, to)) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        if (kv.key.compareTo(to) >= 0 || !visitor.test(Map.entry(kv.key, kv.value))) {
          return;
        }
      }
    }
  }

  @Override
  public void scan(String prefix, Predicate<Map.Entry<String, V>> visitor) {
    try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        if (!visitor.test(Map.entry(kv.key, kv.value))) {
          return;
        }
      }
    }
  }
}
