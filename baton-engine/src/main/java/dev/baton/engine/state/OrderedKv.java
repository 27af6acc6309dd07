package dev.baton.engine.state;

import java.util.Map;
import java.util.function.Predicate;

/** The little a state store has to offer the engine: point access and ordered prefix scans. */
public interface OrderedKv<V> {

  V get(String key);

  void put(String key, V value);

  void delete(String key);

  /**
   * Visits the entries whose key starts with {@code prefix}, in key order, until the visitor
   * returns false.
   */
  void scan(String prefix, Predicate<Map.Entry<String, V>> visitor);

  /**
   * Visits the entries with {@code from <= key < to}, in key order, until the visitor returns
   * false. The store seeks straight to {@code from}.
   */
  void range(String from, String to, Predicate<Map.Entry<String, V>> visitor);
}
