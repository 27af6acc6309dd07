package dev.baton.server;

import dev.baton.engine.state.OrderedKv;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** An ordered in-memory store that keeps values encoded, as a state store does. */
final class MapKv<V> implements OrderedKv<V> {

  private final TreeMap<String, byte[]> data = new TreeMap<>();
  private final Function<V, byte[]> encode;
  private final Function<byte[], V> decode;
  private boolean readOnly;

  MapKv(Function<V, byte[]> encode, Function<byte[], V> decode) {
    this.encode = encode;
    this.decode = decode;
  }

  /** From now on, a write fails the test: queries must only read. */
  void freeze() {
    readOnly = true;
  }

  @Override
  public V get(String key) {
    byte[] bytes = data.get(key);
    return bytes == null ? null : decode.apply(bytes);
  }

  @Override
  public void put(String key, V value) {
    requireWritable(key);
    data.put(key, encode.apply(value));
  }

  @Override
  public void delete(String key) {
    requireWritable(key);
    data.remove(key);
  }

  @Override
  public void scan(String prefix, Predicate<Map.Entry<String, V>> visitor) {
    for (Map.Entry<String, byte[]> e : data.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)
          || !visitor.test(Map.entry(e.getKey(), decode.apply(e.getValue())))) {
        return;
      }
    }
  }

  @Override
  public void range(String from, String to, Predicate<Map.Entry<String, V>> visitor) {
    for (Map.Entry<String, byte[]> e : data.subMap(from, true, to, false).entrySet()) {
      if (!visitor.test(Map.entry(e.getKey(), decode.apply(e.getValue())))) {
        return;
      }
    }
  }

  private void requireWritable(String key) {
    if (readOnly) {
      throw new AssertionError("A query wrote " + key);
    }
  }
}
