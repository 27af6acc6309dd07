package dev.baton.engine;

import dev.baton.engine.state.OrderedKv;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An ordered store for domain tests that keeps values encoded, as a real store does: a change
 * that is not written back is lost here too.
 */
final class InMemoryKv<V> implements OrderedKv<V> {

  private final TreeMap<String, byte[]> data = new TreeMap<>();
  /** Entries handed to scan and range visitors so far: what a lookup cost. */
  long visited;
  private final Function<V, byte[]> encode;
  private final Function<byte[], V> decode;

  InMemoryKv(Function<V, byte[]> encode, Function<byte[], V> decode) {
    this.encode = encode;
    this.decode = decode;
  }

  @Override
  public V get(String key) {
    byte[] bytes = data.get(key);
    return bytes == null ? null : decode.apply(bytes);
  }

  @Override
  public void put(String key, V value) {
    data.put(key, encode.apply(value));
  }

  @Override
  public void delete(String key) {
    data.remove(key);
  }

  @Override
  public void range(String from, String to, Predicate<Map.Entry<String, V>> visitor) {
    for (Map.Entry<String, byte[]> e : data.subMap(from, true, to, false).entrySet()) {
      visited++;
      if (!visitor.test(Map.entry(e.getKey(), decode.apply(e.getValue())))) {
        return;
      }
    }
  }

  @Override
  public void scan(String prefix, Predicate<Map.Entry<String, V>> visitor) {
    for (Map.Entry<String, byte[]> e : data.tailMap(prefix, true).entrySet()) {
      visited++;
      if (!e.getKey().startsWith(prefix)
          || !visitor.test(Map.entry(e.getKey(), decode.apply(e.getValue())))) {
        return;
      }
    }
  }

  int size() {
    return data.size();
  }
}
