package dev.baton.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least a stateful Kafka Streams application can do per record: one RocksDB get and one put (a
 * count per key, with its changelog), and one record forwarded. What it sustains on a broker is the
 * ceiling for any application on that broker with the same settings.
 */
final class LimitTopology {

  static final String STORE = "limit-counts";
  private static final String SOURCE = "limit-source";
  private static final String PROCESSOR = "limit-count";
  private static final String SINK = "limit-sink";

  private LimitTopology() {}

  /**
   * @param firstRecordAt set to System.nanoTime() when the first record is processed
   */
  static Topology build(String input, String output, AtomicLong firstRecordAt) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), input);
    topology.addProcessor(PROCESSOR, () -> new CountProcessor(firstRecordAt), SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()),
        PROCESSOR);
    topology.addSink(SINK, output, new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
    return topology;
  }

  private static final class CountProcessor implements Processor<String, byte[], String, byte[]> {

    private final AtomicLong firstRecordAt;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Long> counts;

    CountProcessor(AtomicLong firstRecordAt) {
      this.firstRecordAt = firstRecordAt;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.counts = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (firstRecordAt.get() == 0) {
        firstRecordAt.compareAndSet(0, System.nanoTime());
      }
      Long count = counts.get(record.key());
      counts.put(record.key(), count == null ? 1 : count + 1);
      context.forward(record);
    }
  }
}
