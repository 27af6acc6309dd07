package dev.baton.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own reader of what the application publishes: every partition of the status, metrics
 * and dead-letter topics, read committed, from the moment it starts. It tells a waiting {@code
 * ?wait=true} request the outcome of its command (the first status event carrying its commandId),
 * feeds the dashboard's live stream, and counts dead letters.
 *
 * <p>Started on first use, so a server nobody watches pays nothing for it.
 */
final class StatusTail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusTail.class);
  private static final int RECENT_DEAD_LETTERS = 100;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** One record of interest, as the live stream sends it. */
  record Update(String kind, String instanceId, String json) {}

  private final Properties clientProperties;
  private final TopicNames topics;
  private final Map<String, CompletableFuture<JsonNode>> waiters = new ConcurrentHashMap<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong deadLetters = new AtomicLong();
  private final Deque<JsonNode> recentDeadLetters = new ArrayDeque<>();
  private final Map<String, JsonNode> latestDefinitionMetrics = new ConcurrentHashMap<>();
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;
  private volatile boolean closed;

  private record Subscriber(String instanceId, Consumer<Update> sink) {}

  StatusTail(Properties clientProperties, TopicNames topics) {
    this.clientProperties = clientProperties;
    this.topics = topics;
  }

  /**
   * Starts reading, once, and returns when every partition is positioned at its end: any record
   * written after this returns will be seen.
   */
  synchronized void ensureStarted() {
    if (thread != null) {
      return;
    }
    if (closed) {
      throw new IllegalStateException("closed");
    }
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "baton-status-tail");
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.status(), topics.metrics(), topics.deadLetter())) {
        List<PartitionInfo> infos = c.partitionsFor(topic, START_TIMEOUT);
        for (PartitionInfo info : infos) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      c.assign(partitions);
      c.seekToEnd(partitions);
      for (TopicPartition tp : partitions) {
        c.position(tp, START_TIMEOUT); // resolves the end now, not at the first poll
      }
    } catch (RuntimeException e) {
      c.close(Duration.ZERO);
      throw e;
    }
    consumer = c;
    CountDownLatch polling = new CountDownLatch(1);
    thread =
        new Thread(
            () -> {
              polling.countDown();
              run();
            },
            "baton-status-tail");
    thread.setDaemon(true);
    thread.start();
    try {
      polling.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The outcome of the command with this id: register before the command is written. */
  CompletableFuture<JsonNode> awaitCommand(String commandId) {
    CompletableFuture<JsonNode> future = new CompletableFuture<>();
    waiters.put(commandId, future);
    future.whenComplete((event, error) -> waiters.remove(commandId, future));
    return future;
  }

  /** Sends every status, metrics and dead-letter update (of one instance, unless null) to sink. */
  Runnable subscribe(String instanceId, Consumer<Update> sink) {
    Subscriber subscriber = new Subscriber(instanceId, sink);
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** Dead letters written since this server started reading. */
  long deadLetterCount() {
    return deadLetters.get();
  }

  /** The latest dead letters, newest first. */
  synchronized List<JsonNode> recentDeadLetters() {
    return new ArrayList<>(recentDeadLetters);
  }

  /** The latest DefinitionMetrics record of each definition seen. */
  Map<String, JsonNode> latestDefinitionMetrics() {
    return Map.copyOf(latestDefinitionMetrics);
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            handle(record);
          } catch (RuntimeException | IOException e) {
            LOG.warn(
                "Skipped an unreadable record {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("The status reader stopped; live updates and ?wait=true stop with it", e);
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) throws IOException {
    if (record.value() == null) {
      return; // a metrics tombstone: the instance was deleted
    }
    String json = new String(record.value(), StandardCharsets.UTF_8);
    if (record.topic().equals(topics.status())) {
      JsonNode event = Json.MAPPER.readTree(record.value());
      JsonNode commandId = event.get("commandId");
      if (commandId != null && commandId.isTextual()) {
        CompletableFuture<JsonNode> waiter = waiters.get(commandId.textValue());
        if (waiter != null) {
          waiter.complete(event);
        }
      }
      publish(new Update("status", record.key(), json));
    } else if (record.topic().equals(topics.metrics())) {
      if (record.key() != null && record.key().startsWith("definition:")) {
        latestDefinitionMetrics.put(
            record.key().substring("definition:".length()), Json.MAPPER.readTree(json));
        publish(new Update("metrics", null, json));
      } else {
        publish(new Update("metrics", record.key(), json));
      }
    } else {
      long count = deadLetters.incrementAndGet();
      JsonNode letter = Json.MAPPER.readTree(record.value());
      synchronized (this) {
        recentDeadLetters.addFirst(letter);
        while (recentDeadLetters.size() > RECENT_DEAD_LETTERS) {
          recentDeadLetters.removeLast();
        }
      }
      publish(new Update("dead-letter", null, "{\"count\":" + count + "}"));
    }
  }

  private void publish(Update update) {
    for (Subscriber s : subscribers) {
      if (s.instanceId() == null
          || update.instanceId() == null
          || s.instanceId().equals(update.instanceId())) {
        s.sink().accept(update);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    waiters.values().forEach(w -> w.cancel(false));
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
