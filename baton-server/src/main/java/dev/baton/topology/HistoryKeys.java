package dev.baton.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keys of the history store: {@code instanceId/seq}, the seq zero-padded to 19 digits so that key
 * order is seq order. '/' cannot occur in an id, and '0' is the character after it, so one
 * instance's events are exactly the range {@code [id/, id0)}.
 */
public final class HistoryKeys {

  private HistoryKeys() {}

  public static String of(String instanceId, long seq) {
    return instanceId + "/" + digits19(seq);
  }

  /** A number that is not negative, zero-padded to 19 digits: key order is numeric order. */
  static String digits19(long n) {
    String digits = Long.toString(n);
    return "0".repeat(19 - digits.length()) + digits;
  }

  /** The first key of the instance's events after {@code seq} (0: from the first). */
  public static String after(String instanceId, long seq) {
    return of(instanceId, seq + 1);
  }

  /** Just past the last key of the instance's events. */
  public static String end(String instanceId) {
    return instanceId + "0";
  }

  public static long seqOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  /** Up to {@code limit} events of the instance after {@code afterSeq}, in seq order. */
  public static List<KeyValue<String, byte[]>> page(
      ReadOnlyKeyValueStore<String, byte[]> store, String instanceId, long afterSeq, int limit) {
    List<KeyValue<String, byte[]>> page = new ArrayList<>(Math.min(limit, 1024));
    try (KeyValueIterator<String, byte[]> it =
        store.range(after(instanceId, afterSeq), end(instanceId))) {
      while (it.hasNext() && page.size() < limit) {
        page.add(it.next());
      }
    }
    return page;
  }

  /** Deletes every event of the instance (its retention ended). */
  static void deleteAll(KeyValueStore<String, byte[]> store, String instanceId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.range(instanceId + "/", end(instanceId))) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }
}
