package dev.baton.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that does not copy its position for every changelog record.
 *
 * <p>Kafka Streams' changelogging layer asks the store below it for its {@link Position} on every
 * write, and RocksDB's and the in-memory store answer with a copy of theirs (maps of every input
 * partition's offset). The changelog record carries that position only when IQ's consistency
 * vectors are on (an internal setting, off by default); otherwise the copy is thrown away: about a
 * tenth of the stream thread at saturation, in Baton's profile. This layer, right above the store,
 * answers an empty position then, and the store's own otherwise. The store keeps tracking its
 * position for the queries it answers itself. Baton queries its stores through the key-value API,
 * which has no positions.
 */
final class LeanPositionStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
    implements KeyValueStore<Bytes, byte[]> {

  private boolean positionsInChangelog;

  private LeanPositionStore(KeyValueStore<Bytes, byte[]> store) {
    super(store);
  }

  /** {@code supplier}'s stores, each under this layer. */
  static KeyValueBytesStoreSupplier of(KeyValueBytesStoreSupplier supplier) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return supplier.name();
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return wrap(supplier.get());
      }

      @Override
      public String metricsScope() {
        return supplier.metricsScope();
      }
    };
  }

  /** {@code store} under this layer. */
  static KeyValueStore<Bytes, byte[]> wrap(KeyValueStore<Bytes, byte[]> store) {
    return new LeanPositionStore(store);
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    positionsInChangelog = positionsInChangelog(context.appConfigs());
    super.init(context, root);
  }

  private static boolean positionsInChangelog(Map<String, Object> appConfigs) {
    return StreamsConfig.InternalConfig.getBoolean(
        appConfigs, StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, false);
  }

  @Override
  public Position getPosition() {
    return positionsInChangelog ? wrapped().getPosition() : Position.emptyPosition();
  }

  @Override
  public void put(Bytes key, byte[] value) {
    wrapped().put(key, value);
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    return wrapped().putIfAbsent(key, value);
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    wrapped().putAll(entries);
  }

  @Override
  public byte[] delete(Bytes key) {
    return wrapped().delete(key);
  }

  @Override
  public byte[] get(Bytes key) {
    return wrapped().get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return wrapped().reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return wrapped().all();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return wrapped().reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
      P prefix, PS prefixKeySerializer) {
    return wrapped().prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
    return wrapped().readOnly(isolationLevel);
  }

  @Override
  public long approximateNumEntries() {
    return wrapped().approximateNumEntries();
  }
}
