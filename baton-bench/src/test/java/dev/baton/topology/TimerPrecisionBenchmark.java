package dev.baton.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicProvisioner;
import dev.baton.devbroker.EmbeddedKafka;
import dev.baton.engine.EngineConfig;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timer precision and the cost of a timer burst, on a real broker: how late timers fire after their
 * due time, and how much a burst of 10,000 timers due in the same millisecond delays the commands
 * that arrive meanwhile. Reports figures; asserts only that every timer fired. Run it with {@code
 * mvn test -Dgroups=benchmark -Dsurefire.excludedGroups=integration
 * -Dtest=TimerPrecisionBenchmark}.
 */
@Tag("benchmark")
class TimerPrecisionBenchmark {

  private static final int SPREAD_TIMERS = 300;
  private static final int BURST = 10_000;
  private static final long BURST_TIMEOUT_MS = 15_000;
  private static final long PROBE_EVERY_MS = 20;

  /** Receive time of each status event, by instance and type. */
  private final Map<String, Long> received = new ConcurrentHashMap<>();

  private final Map<String, JsonNode> events = new ConcurrentHashMap<>();

  @Test
  @Timeout(300)
  void measureTimerPrecisionAndBurst() throws Exception {
    Path stateDir = Files.createTempDirectory("baton-timer-bench");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().kafkaPort(0).build().start()) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        TopicProvisioner.createAll(
            admin, TopicCatalog.defaults(), OptionalInt.of(1), OptionalInt.empty());
      }
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baton-timer-bench-" + UUID.randomUUID());
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread reader = new Thread(() -> readStatus(kafka.bootstrapServers(), running), "status");
      reader.start();
      Properties clients = new Properties();
      clients.put("bootstrap.servers", kafka.bootstrapServers());
      // As the server runs it: ticks through a producer of its own, outside the transactions.
      try (ProducerTickSender ticks =
              new ProducerTickSender(clients, TopicNames.DEFAULTS.taskResults());
          KafkaStreams streams =
              new KafkaStreams(
                  BatonTopology.build(
                      TopicNames.DEFAULTS,
                      EngineConfig.DEFAULTS,
                      BatonTopology.DEFAULT_MAX_RECORD_BYTES,
                      TimerSettings.DEFAULTS,
                      ticks),
                  props);
          KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
        streams.start();
        await(() -> streams.state() == KafkaStreams.State.RUNNING, 60_000, "streams running");
        String report = spread(producer) + burst(producer);
        System.out.println(report);
      } finally {
        running.set(false);
        reader.join(10_000);
      }
    } finally {
      Utils.delete(stateDir.toFile());
    }
  }

  /** Timers due at spread-out times, with no other load: how late does each fire? */
  private String spread(KafkaProducer<String, byte[]> producer) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SPREAD_TIMERS; i++) {
      String id = "spread-" + i;
      ids.add(id);
      long timeoutMs = 200 + (i * 37L) % 1_800;
      send(producer, id, createWithTaskTimeout(id, timeoutMs), System.currentTimeMillis());
      Thread.sleep(5);
    }
    await(
        () -> ids.stream().allMatch(id -> events.containsKey(id + "/TaskTimedOut")),
        60_000,
        "spread timers fired");
    List<Long> fireDelay = new ArrayList<>();
    List<Long> visibleDelay = new ArrayList<>();
    for (String id : ids) {
      JsonNode timedOut = events.get(id + "/TaskTimedOut");
      long due =
          events.get(id + "/TaskDispatched").get("timestamp").asLong()
              + Long.parseLong(timedOut.get("error").asText().replaceAll("\\D", ""));
      fireDelay.add(timedOut.get("timestamp").asLong() - due);
      visibleDelay.add(received.get(id + "/TaskTimedOut") - due);
    }
    return String.format(
        Locale.ROOT,
        "%ntimers fired after their due time (%d timers, "
            + "checked every %d ms)%n  fired:   %s%n  visible: %s (committed and read by a"
            + " read_committed consumer)%n",
        SPREAD_TIMERS,
        TimerSettings.DEFAULTS.intervalMs(),
        stats(fireDelay),
        stats(visibleDelay));
  }

  /**
   * 10,000 workflow timeouts due in the same millisecond, while a probe sends a command every 20 ms
   * and times it until its WorkflowCreated is visible.
   */
  private String burst(KafkaProducer<String, byte[]> producer) throws Exception {
    long base = System.currentTimeMillis();
    for (int i = 0; i < BURST; i++) {
      String id = "burst-" + i;
      // One record timestamp for all: the engine's time is the record's, so all are due at once.
      send(producer, id, createWithWorkflowTimeout(id, BURST_TIMEOUT_MS), base);
    }
    producer.flush();
    await(() -> countEvents("burst-", "TaskDispatched") == BURST, 60_000, "burst created");
    long due = base + BURST_TIMEOUT_MS;
    List<long[]> probes = new ArrayList<>();
    long probeUntil = due + 6_000;
    int n = 0;
    while (System.currentTimeMillis() < probeUntil) {
      String id = "probe-" + n++;
      long sentAt = System.currentTimeMillis();
      send(
          producer,
          id,
          "{\"type\":\"CreateWorkflow\",\"instanceId\":\""
              + id
              + "\",\"definition\":{\"id\":\"probe\",\"tasks\":[]}}",
          sentAt);
      producer.flush();
      probes.add(new long[] {n - 1, sentAt});
      Thread.sleep(PROBE_EVERY_MS);
    }
    await(() -> countEvents("burst-", "WorkflowFailed") == BURST, 120_000, "burst fired");
    await(
        () ->
            probes.stream()
                .allMatch(p -> received.containsKey("probe-" + p[0] + "/WorkflowCreated")),
        60_000,
        "probes answered");
    List<Long> firedAt = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      firedAt.add(events.get("burst-" + i + "/WorkflowFailed").get("timestamp").asLong());
    }
    long firstFired = Collections.min(firedAt);
    long lastFired = Collections.max(firedAt);
    List<Long> quiet = new ArrayList<>();
    List<Long> during = new ArrayList<>();
    for (long[] probe : probes) {
      long latency = received.get("probe-" + probe[0] + "/WorkflowCreated") - probe[1];
      if (probe[1] < due - 200) {
        quiet.add(latency);
      } else if (probe[1] <= lastFired) {
        during.add(latency);
      }
    }
    assertThat(firedAt).hasSize(BURST);
    return String.format(
        Locale.ROOT,
        "%n%d workflow timeouts due in the same millisecond%n"
            + "  first fired %d ms after due, last %d ms after due (drained in %d ms)%n"
            + "  command latency, send to WorkflowCreated visible (a command every %d ms):%n"
            + "    before the burst: %s%n    during the burst: %s%n",
        BURST,
        firstFired - due,
        lastFired - due,
        lastFired - firstFired,
        PROBE_EVERY_MS,
        stats(quiet),
        stats(during));
  }

  private long countEvents(String prefix, String type) {
    return events.keySet().stream()
        .filter(k -> k.startsWith(prefix) && k.endsWith("/" + type))
        .count();
  }

  private static String createWithTaskTimeout(String id, long timeoutMs) {
    return "{\"type\":\"CreateWorkflow\",\"instanceId\":\""
        + id
        + "\",\"start\":true,"
        + "\"definition\":{\"id\":\"timer-bench\",\"tasks\":[{\"id\":\"t\",\"timeoutMs\":"
        + timeoutMs
        + "}]}}";
  }

  private static String createWithWorkflowTimeout(String id, long timeoutMs) {
    return "{\"type\":\"CreateWorkflow\",\"instanceId\":\""
        + id
        + "\",\"start\":true,"
        + "\"definition\":{\"id\":\"burst\",\"timeoutMs\":"
        + timeoutMs
        + ",\"tasks\":[{\"id\":\"t\"}]}}";
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String key, String json, long timestamp) {
    producer.send(
        new ProducerRecord<>(
            TopicNames.DEFAULTS.commands(),
            null,
            timestamp,
            key,
            json.getBytes(StandardCharsets.UTF_8)));
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private void readStatus(String bootstrap, AtomicBoolean running) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "timer-bench-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TopicNames.DEFAULTS.status()));
      while (running.get()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.currentTimeMillis();
          JsonNode event = parse(record.value());
          String key = record.key() + "/" + event.get("type").asText();
          received.putIfAbsent(key, now);
          events.putIfAbsent(key, event);
        }
      }
    }
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String stats(List<Long> values) {
    if (values.isEmpty()) {
      return "no samples";
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format(
        Locale.ROOT,
        "p50 %d ms, p99 %d ms, max %d ms (n=%d)",
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }

  private static void await(
      java.util.function.BooleanSupplier condition, long timeoutMs, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
