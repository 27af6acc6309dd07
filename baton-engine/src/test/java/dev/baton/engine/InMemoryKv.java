package dev.baton.engine;

import dev.baton.engine.state.OrderedKv;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An ordered store for engine tests that keeps copies of its values, as a real store keeps their
 * bytes: a change that is not written back is lost here too.
 */
final class InMemoryKv<V> implements OrderedKv<V> {

  private final TreeMap<String, V> data = new TreeMap<>();

  /** Entries handed to scan and range visitors so far: what a lookup cost. */
  long visited;

  @Override
  public V get(String key) {
    return StateCopy.of(data.get(key));
  }

  @Override
  public void put(String key, V value) {
    data.put(key, StateCopy.of(value));
  }

  @Override
  public void delete(String key) {
    data.remove(key);
  }

  @Override
  public void range(String from, String to, Predicate<Map.Entry<String, V>> visitor) {
    for (Map.Entry<String, V> e : data.subMap(from, true, to, false).entrySet()) {
      visited++;
      if (!visitor.test(Map.entry(e.getKey(), StateCopy.of(e.getValue())))) {
        return;
      }
    }
  }

  @Override
  public void scan(String prefix, Predicate<Map.Entry<String, V>> visitor) {
    for (Map.Entry<String, V> e : data.tailMap(prefix, true).entrySet()) {
      visited++;
      if (!e.getKey().startsWith(prefix)
          || !visitor.test(Map.entry(e.getKey(), StateCopy.of(e.getValue())))) {
        return;
      }
    }
  }

  /** Every key with a canonical description of its value, for comparing whole stores. */
  Map<String, String> contents() {
    Map<String, String> contents = new TreeMap<>();
    data.forEach((key, value) -> contents.put(key, StateCopy.describe(value)));
    return contents;
  }

  int size() {
    return data.size();
  }
}
