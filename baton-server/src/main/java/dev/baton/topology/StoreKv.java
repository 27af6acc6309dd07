package dev.baton.topology;

import dev.baton.engine.state.OrderedKv;
import dev.baton.engine.state.StoreFailure;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A Kafka Streams key-value store as the engine sees one: the processor's own store, or a store of
 * a running application reached by an interactive query, which only reads.
 */
public final class StoreKv<V> implements OrderedKv<V> {

  private static final StringSerializer KEYS = new StringSerializer();

  private final ReadOnlyKeyValueStore<String, V> reader;

  /** Null for an interactive query. */
  private final KeyValueStore<String, V> writer;

  private StoreKv(ReadOnlyKeyValueStore<String, V> reader, KeyValueStore<String, V> writer) {
    this.reader = reader;
    this.writer = writer;
  }

  static <V> StoreKv<V> of(KeyValueStore<String, V> store) {
    return new StoreKv<>(store, store);
  }

  /** Queries only read: a write would be a defect, so it fails loudly instead of being dropped. */
  public static <V> StoreKv<V> readOnly(ReadOnlyKeyValueStore<String, V> store) {
    return new StoreKv<>(store, null);
  }

  @Override
  public V get(String key) {
    try {
      return reader.get(key);
    } catch (StreamsException e) {
      throw new StoreFailure(e);
    }
  }

  @Override
  public void put(String key, V value) {
    KeyValueStore<String, V> store = writable(key);
    try {
      store.put(key, value);
    } catch (StreamsException e) {
      throw new StoreFailure(e);
    }
  }

  @Override
  public void delete(String key) {
    KeyValueStore<String, V> store = writable(key);
    try {
      store.delete(key);
    } catch (StreamsException e) {
      throw new StoreFailure(e);
    }
  }

  private KeyValueStore<String, V> writable(String key) {
    if (writer == null) {
      throw new UnsupportedOperationException(
          "Interactive queries are read-only; cannot write " + key);
    }
    return writer;
  }

  @Override
  public void scan(String prefix, Predicate<Map.Entry<String, V>> visitor) {
    try (KeyValueIterator<String, V> it = reader.prefixScan(prefix, KEYS)) {
      visit(it, null, visitor);
    } catch (StreamsException e) {
      throw new StoreFailure(e);
    }
  }

  @Override
  public void range(String from, String to, Predicate<Map.Entry<String, V>> visitor) {
    // Kafka's range includes its upper bound; OrderedKv's does not.
    try (KeyValueIterator<String, V> it = reader.range(from, to)) {
      visit(it, to, visitor);
    } catch (StreamsException e) {
      throw new StoreFailure(e);
    }
  }

  private static <V> void visit(
      KeyValueIterator<String, V> it, String before, Predicate<Map.Entry<String, V>> visitor) {
    while (it.hasNext()) {
      KeyValue<String, V> kv = it.next();
      if ((before != null && kv.key.compareTo(before) >= 0)
          || !visitor.test(Map.entry(kv.key, kv.value))) {
        return;
      }
    }
  }
}
