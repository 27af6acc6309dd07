package dev.baton.engine.state;

import java.util.List;
import java.util.Map;

/** The little a state store has to offer the engine: point access and ordered prefix scans. */
public interface OrderedKv<V> {

  V get(String key);

  void put(String key, V value);

  void delete(String key);

  /** Up to {@code limit} entries whose key starts with {@code prefix}, in key order. */
  List<Map.Entry<String, V>> scan(String prefix, int limit);
}
