package dev.baton.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes input records keyed as the contract asks, with an idempotent producer. */
final class CommandProducer implements AutoCloseable {

  /** How a measured workload is submitted: small batches, no compression. */
  static final Map<String, Object> MEASURED = Map.of(ProducerConfig.LINGER_MS_CONFIG, 5);

  /** How untimed bulk loads are written: large lz4 batches. */
  static final Map<String, Object> BULK =
      Map.of(
          ProducerConfig.LINGER_MS_CONFIG,
          20,
          ProducerConfig.BATCH_SIZE_CONFIG,
          512 * 1024,
          ProducerConfig.COMPRESSION_TYPE_CONFIG,
          "lz4",
          ProducerConfig.BUFFER_MEMORY_CONFIG,
          128L * 1024 * 1024);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  CommandProducer(String bootstrapServers, String topic, Map<String, Object> settings) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  void send(String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
    sent.incrementAndGet();
  }

  /** Blocks until everything sent so far is acknowledged. */
  void flush() {
    producer.flush();
    requireHealthy();
  }

  long sent() {
    return sent.get();
  }

  void requireHealthy() {
    Exception error = failure.get();
    if (error != null) {
      throw new BenchmarkException("Writing to " + topic + " failed: " + error, error);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
