package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker whose tasks take no time: for every dispatch it reads (read_committed), it writes a
 * {@code TaskCompleted} at once with a plain idempotent producer.
 *
 * <p>It also measures the engine's turnaround: from the send of a {@code TaskCompleted} to the
 * moment a dispatch it caused is returned by a poll. Baton gives its output records the timestamp
 * of the input that caused them, and the producer stamps a record with the time of its send, so a
 * dispatch's timestamp is the send time of the result (or command) that released it: for a fan-in,
 * the last completion. Dispatches released by the CreateWorkflow command are measured apart.
 */
final class InstantWorker implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(50);

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final String resultsTopic;
  private final Thread thread;
  private final AtomicLong dispatches = new AtomicLong();
  private final AtomicLong results = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * When the first result of each instance was sent (epoch ms): a dispatch stamped earlier than
   * that was released by the command, not by a result.
   */
  private final Map<String, Long> firstResultAt = new HashMap<>();

  private final LatencyRecorder turnaround = new LatencyRecorder();
  private final LatencyRecorder firstDispatch = new LatencyRecorder();
  private volatile boolean running = true;
  private boolean closed;

  private InstantWorker(
      String bootstrapServers, TopicNames topics, int partitions, boolean fromEnd) {
    this.resultsTopic = topics.taskResults();
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> assigned = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assigned.add(new TopicPartition(topics.taskDispatch(), p));
    }
    consumer.assign(assigned);
    if (fromEnd) {
      consumer.seekToEnd(assigned);
      // Seeks are lazy: take the end offsets now, before anything is submitted.
      assigned.forEach(consumer::position);
    } else {
      consumer.seekToBeginning(assigned);
    }

    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());

    thread = new Thread(this::loop, "bench-instant-worker");
    thread.setDaemon(true);
  }

  /** A worker for a run's own topics: every dispatch on them is one to complete. */
  static InstantWorker start(String bootstrapServers, TopicNames topics, int partitions) {
    return start(new InstantWorker(bootstrapServers, topics, partitions, false));
  }

  /**
   * A worker on topics that may hold earlier dispatches: only those written after this call are
   * completed.
   */
  static InstantWorker startAtEnd(String bootstrapServers, TopicNames topics, int partitions) {
    return start(new InstantWorker(bootstrapServers, topics, partitions, true));
  }

  private static InstantWorker start(InstantWorker worker) {
    worker.thread.start();
    return worker;
  }

  private void loop() {
    try {
      while (running) {
        ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
        long readableAt = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> record : polled) {
          complete(record, readableAt);
        }
      }
    } catch (RuntimeException | IOException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void complete(ConsumerRecord<String, byte[]> record, long readableAt) throws IOException {
    dispatches.incrementAndGet();
    JsonNode dispatch = Json.MAPPER.readTree(record.value());
    String instanceId = dispatch.get("instanceId").asText();
    long releasedAt = record.timestamp();
    Long first = firstResultAt.get(instanceId);
    long nanos = Math.max(0, readableAt - releasedAt) * 1_000_000L;
    if (first != null && releasedAt >= first) {
      turnaround.record(nanos);
    } else {
      firstDispatch.record(nanos);
    }
    byte[] result =
        Wire.taskCompleted(
            instanceId, dispatch.get("taskId").asText(), dispatch.get("attempt").asInt());
    firstResultAt.putIfAbsent(instanceId, System.currentTimeMillis());
    producer.send(
        new ProducerRecord<>(resultsTopic, record.key(), result),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
    results.incrementAndGet();
  }

  long dispatchesSeen() {
    return dispatches.get();
  }

  long resultsSent() {
    return results.get();
  }

  void requireHealthy() {
    Throwable error = failure.get();
    if (error != null) {
      throw new BenchmarkException("The instant worker failed: " + error, error);
    }
    if (!thread.isAlive() && running) {
      throw new BenchmarkException("The instant worker stopped unexpectedly");
    }
  }

  /** Stops the worker; the latencies can be read afterwards. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(30));
    if (thread.isAlive()) {
      // Only a thread stuck in the consumer gets here; the consumer is its to close.
      consumer.wakeup();
      throw new BenchmarkException("The instant worker did not stop within 30 s");
    }
    consumer.close(Duration.ofSeconds(10));
  }

  /** From a result sent to a dispatch it released being readable. Only once closed. */
  LatencySamples turnaround() {
    requireStopped();
    return turnaround.snapshot();
  }

  /** From a CreateWorkflow sent to the first dispatches of the instance. Only once closed. */
  LatencySamples firstDispatch() {
    requireStopped();
    return firstDispatch.snapshot();
  }

  private void requireStopped() {
    if (thread.isAlive()) {
      throw new IllegalStateException("Close the worker before reading its latencies");
    }
  }
}
