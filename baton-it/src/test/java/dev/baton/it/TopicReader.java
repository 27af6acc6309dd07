package dev.baton.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.ContractSchemas;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads one topic from the beginning, read_committed, on a thread of its own, and keeps every
 * record. Partitions are assigned, not subscribed, so there is no group to join.
 */
public class TopicReader implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(30);

  /** One record as read. */
  public record Received(String key, JsonNode value, int partition, long offset) {}

  private final String topic;
  private final KafkaConsumer<String, String> consumer;
  private final List<Received> records = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean closed;
  private final Function<JsonNode, String> schema;

  public TopicReader(String bootstrapServers, String topic) {
    this(bootstrapServers, topic, null);
  }

  /**
   * @param schema which of the contract's schemas every record read must match (null: none); a
   *     record that does not fails every later read of this reader
   */
  public TopicReader(String bootstrapServers, String topic, Function<JsonNode, String> schema) {
    this.topic = topic;
    this.schema = schema;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, WAIT).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::poll, "reader-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
          Received received = new Received(r.key(), parse(r.value()), r.partition(), r.offset());
          if (schema != null && r.value() != null) {
            String file = schema.apply(received.value());
            List<String> problems = ContractSchemas.problems(file, r.value());
            if (!problems.isEmpty()) {
              throw new IllegalStateException(
                  topic
                      + " record at "
                      + r.partition()
                      + "@"
                      + r.offset()
                      + " does not match "
                      + file
                      + ": "
                      + problems
                      + "\n"
                      + r.value());
            }
          }
          synchronized (records) {
            records.add(received);
          }
        }
      }
    } catch (WakeupException e) {
      if (!closed) {
        failure.set(e);
      }
    } catch (RuntimeException e) {
      failure.set(e);
    } finally {
      consumer.close();
    }
  }

  private static JsonNode parse(String value) {
    try {
      return value == null ? null : Json.MAPPER.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException("Not JSON: " + value, e);
    }
  }

  public String topic() {
    return topic;
  }

  /** Everything read so far, in the order read. */
  public List<Received> records() {
    if (failure.get() != null) {
      throw new IllegalStateException("Reading " + topic + " failed", failure.get());
    }
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /** The values read so far under {@code key}, in order (one key lives in one partition). */
  public List<JsonNode> values(String key) {
    return records().stream().filter(r -> key.equals(r.key())).map(Received::value).toList();
  }

  /** Waits until a record under {@code key} matches, and returns it. */
  public JsonNode await(String key, Predicate<JsonNode> matches, String description) {
    return Awaitility.await()
        .alias(description + " on " + topic + " for " + key)
        .atMost(WAIT)
        .until(
            () -> values(key).stream().filter(matches).findFirst().orElse(null),
            found -> found != null);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
