package dev.baton.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The engine task's definition facts, added up per definition and window until they are sent: one
 * fact record per definition every {@link #SEND_EVERY_MS} instead of one per unit of work (a record
 * that the facts topic carried, the DefinitionMetrics task read, and its window store and changelog
 * wrote, for every task dispatched).
 *
 * <p>The sums wait in a changelogged store with a cache in front: the events they count and the
 * sums commit in one transaction, the cache writes a sum rewritten by many inputs of one commit to
 * the changelog once, and a sum taken out and sent leaves the store in the transaction that sends
 * it. A crash loses none and sends none twice.
 *
 * <p>Keys are {@code windowStart/workflowId}, the window start zero-padded: a sum never spans two
 * windows, and sums are sent oldest window first.
 */
final class PendingFacts {

  /** How often the sums are sent: far inside the contract's 10 s cadence of DefinitionMetrics. */
  static final long SEND_EVERY_MS = 200;

  /** A sum holding this many durations is sent at once rather than grown (and rewritten) more. */
  static final int MAX_DURATIONS = 256;

  private final KeyValueStore<String, byte[]> store;
  private final long windowMs;

  /** The sums as they are in the store, decoded: a sum is read from the store once per send. */
  private final Map<String, DefinitionFact> decoded = new HashMap<>();

  PendingFacts(KeyValueStore<String, byte[]> store, long windowMs) {
    this.store = store;
    this.windowMs = windowMs;
  }

  /**
   * Adds a fact to its definition's sum for the fact's window; returns the sum when it is to be
   * sent now (it holds {@link #MAX_DURATIONS} durations; it has left the store), else null.
   */
  DefinitionFact add(DefinitionFact fact) {
    String key = key(fact);
    DefinitionFact pending = decoded.get(key);
    if (pending == null) {
      byte[] stored = store.get(key);
      pending = stored == null ? null : DefinitionFact.decode(stored);
    }
    DefinitionFact sum = pending == null ? fact : pending.plus(fact);
    if (sum.durationsMs().size() >= MAX_DURATIONS) {
      if (pending != null) {
        store.delete(key);
      }
      decoded.remove(key);
      return sum;
    }
    store.put(key, sum.encode());
    decoded.put(key, sum);
    return null;
  }

  /** Takes every sum out of the store, oldest window first, to be sent. */
  List<DefinitionFact> drain() {
    List<KeyValue<String, byte[]>> pending = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(pending::add);
    }
    List<DefinitionFact> facts = new ArrayList<>(pending.size());
    for (KeyValue<String, byte[]> entry : pending) {
      store.delete(entry.key);
      if (entry.value != null) {
        facts.add(DefinitionFact.decode(entry.value));
      }
    }
    decoded.clear();
    return facts;
  }

  private String key(DefinitionFact fact) {
    long start = DefinitionMetricsProcessor.windowStart(fact.at(), windowMs);
    return HistoryKeys.digits19(Math.max(0, start)) + "/" + fact.workflowId();
  }
}
