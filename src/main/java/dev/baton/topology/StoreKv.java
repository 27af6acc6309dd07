package dev.baton.topology;

import dev.baton.engine.state.OrderedKv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  public List<Map.Entry<String, V>> scan(String prefix, int limit) {
    List<Map.Entry<String, V>> result = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
      while (it.hasNext() && result.size() < limit) {
        KeyValue<String, V> kv = it.next();
        result.add(Map.entry(kv.key, kv.value));
      }
    }
    return result;
  }
}
