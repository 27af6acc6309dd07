package dev.baton.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The history store: an instance's status events, as the status topic holds them, in seq order.
 *
 * <p>Keys are {@code instanceId/seq}, the seq zero-padded to 19 digits so that key order is seq
 * order. '/' cannot occur in an id, and '0' is the character after it, so one instance's events are
 * exactly the range {@code [id/, id0)}.
 *
 * <p>A value holds the events of seqs {@link #CHUNK_EVENTS} apart, from its key's seq on: seqs 1 to
 * 16 under the key of seq 1, 17 to 32 under that of 17, and so on. Every event of an input appends
 * to its chunk, and the record cache in front of the store writes a chunk to RocksDB and the
 * changelog once per commit however many events it took, where one value per event cost a write and
 * a changelog record each. A chunk is {@link #CHUNK} (a byte no JSON text starts with), the number
 * of events, then each event as {@link StateCodec}'s byte arrays are (its length + 1 as a varint,
 * then its bytes).
 *
 * <p>A value may also be one event's JSON alone, under that event's seq: every value an earlier
 * Baton wrote, the events after those until the instance's next chunk begins, and an event that
 * would take its chunk past {@link #CHUNK_MAX_BYTES}. Key order stays seq order either way.
 */
public final class HistoryKeys {

  /** Events per chunk. */
  static final int CHUNK_EVENTS = 16;

  /**
   * The most bytes a chunk grows to by appending. An event with a large output is a value of its
   * own (and so are the events after it in its chunk's range).
   */
  static final int CHUNK_MAX_BYTES = 64 * 1024;

  /** The first byte of a chunk: JSON text starts with '{', never with this. */
  static final byte CHUNK = 1;

  private HistoryKeys() {}

  public static String of(String instanceId, long seq) {
    return instanceId + "/" + digits19(seq);
  }

  /** A number that is not negative, zero-padded to 19 digits: key order is numeric order. */
  static String digits19(long n) {
    String digits = Long.toString(n);
    return "0".repeat(19 - digits.length()) + digits;
  }

  /** Just past the last key of the instance's events. */
  public static String end(String instanceId) {
    return instanceId + "0";
  }

  public static long seqOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  /** The seq under whose key the event of {@code seq} (1 or more) is kept in a chunk. */
  static long chunkStart(long seq) {
    return seq - (seq - 1) % CHUNK_EVENTS;
  }

  /**
   * Keeps a status event of the instance: appended to its chunk when the chunk holds every event
   * before it, otherwise a value of its own. Writing a seq of a chunk again replaces that event and
   * drops the ones after it in the chunk (events come in seq order: they are written again too).
   */
  static void append(
      KeyValueStore<String, byte[]> store, String instanceId, long seq, byte[] json) {
    long start = chunkStart(seq);
    if (start == seq) {
      store.put(of(instanceId, seq), appended(new byte[] {CHUNK, 0}, 2, 0, json));
      return;
    }
    String chunkKey = of(instanceId, start);
    byte[] chunk = store.get(chunkKey);
    int before = (int) (seq - start);
    if (isChunk(chunk) && chunk[1] >= before) {
      StateCodec.Reader in = events(chunk);
      for (int i = 0; i < before; i++) {
        in.skipBytes();
      }
      byte[] longer = appended(chunk, in.position(), before, json);
      if (longer.length <= CHUNK_MAX_BYTES) {
        store.put(chunkKey, longer);
        return;
      }
    }
    store.put(of(instanceId, seq), json);
  }

  /**
   * Up to {@code limit} events of the instance after {@code afterSeq}, in seq order, each under the
   * key of its own seq.
   */
  public static List<KeyValue<String, byte[]>> page(
      ReadOnlyKeyValueStore<String, byte[]> store, String instanceId, long afterSeq, int limit) {
    List<KeyValue<String, byte[]>> page = new ArrayList<>(Math.min(limit, 1024));
    try (KeyValueIterator<String, byte[]> it =
        store.range(of(instanceId, chunkStart(afterSeq + 1)), end(instanceId))) {
      while (it.hasNext() && page.size() < limit) {
        KeyValue<String, byte[]> value = it.next();
        long seq = seqOf(value.key);
        if (!isChunk(value.value)) {
          if (seq > afterSeq) {
            page.add(value);
          }
          continue;
        }
        StateCodec.Reader in = events(value.value);
        for (int i = 0; i < value.value[1] && page.size() < limit; i++, seq++) {
          if (seq > afterSeq) {
            page.add(KeyValue.pair(of(instanceId, seq), in.bytes()));
          } else {
            in.skipBytes();
          }
        }
      }
    }
    return page;
  }

  static boolean isChunk(byte[] value) {
    return value != null && value.length >= 2 && value[0] == CHUNK;
  }

  /** The chunk's first {@code events} events (ending at {@code end}), then {@code event}. */
  private static byte[] appended(byte[] chunk, int end, int events, byte[] event) {
    StateCodec.Writer out = new StateCodec.Writer();
    out.raw(chunk, 0, end);
    out.bytes(event);
    byte[] longer = out.toByteArray();
    longer[1] = (byte) (events + 1);
    return longer;
  }

  /** A reader of the chunk's events, at the first. */
  private static StateCodec.Reader events(byte[] chunk) {
    StateCodec.Reader in = new StateCodec.Reader(chunk);
    in.readByte(); // CHUNK
    in.readByte(); // the number of events
    return in;
  }

  /** Deletes every event of the instance (its retention ended), chunks and single values alike. */
  static void deleteAll(KeyValueStore<String, byte[]> store, String instanceId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.range(instanceId + "/", end(instanceId))) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }
}
