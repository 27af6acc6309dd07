package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.config.BatonConfig;
import dev.baton.devbroker.EmbeddedKafka;
import dev.baton.worker.NonRetryableTaskException;
import dev.baton.worker.TaskRegistry;
import dev.baton.worker.Worker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults against real processes under a steady load, then an oracle over everything written, read
 * back read_committed. A load thread sends workflows, bad records of every dead-letter kind (some
 * larger than every limit) and duplicate and stale results the whole time, while the faults come
 * one after the other: a kill -9 loop over two servers (each victim restarted, every third with a
 * wiped state directory), with the time until every partition is served again measured after each
 * kill; a broker bounce on the same data; a third server that joins, then a rolling restart of all
 * three, with lists and histories asked of every server throughout; the third leaving; both servers
 * stopped (SIGSTOP) past the tasks' deadlines while the worker's timely answers wait.
 *
 * <p>The short form runs in {@code mvn verify}. The long form:
 *
 * <pre>
 * mvn -B verify -pl baton-it -am -Dit.test=ChaosIT -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dbaton.chaos.kills=10 -Dbaton.chaos.bad-records=10000 -Dbaton.chaos.scale=3
 * </pre>
 */
@Tag("integration")
class ChaosIT {

  /** Workflows sent per load tick (250 ms). */
  private static final int SCALE = Integer.getInteger("baton.chaos.scale", 1);

  private static final int KILLS = Integer.getInteger("baton.chaos.kills", 3);
  private static final int BAD_RECORDS = Integer.getInteger("baton.chaos.bad-records", 300);

  /** Records over every limit (5 MB) and under the input limit but malformed (900 KB), each. */
  private static final int HUGE_RECORDS = 10;

  private static final String TASK_TIMEOUT_MS = "10000";
  private static final long TICK_MS = 250;

  /** The bad records are spread over about this many load ticks. */
  private static final int BAD_RECORD_TICKS = 300;

  private final Random random = new Random(42);

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void shouldLoseNothingAndDuplicateNothingUnderFaults() throws Exception {
    Path brokerDir = Files.createTempDirectory("baton-chaos-broker-");
    int port = freePort();
    BatonTestCluster cluster =
        BatonTestCluster.external(broker(brokerDir, port).bootstrapServers());
    TestApp app = cluster.newApp();
    // A commands topic that takes what a careless producer sends, Baton's limits notwithstanding.
    app.allowRecordsUpTo(app.topics.commands(), 8 * 1024 * 1024);
    List<ServerProcess> servers = new ArrayList<>();
    Load load = new Load(app);
    long started = System.currentTimeMillis();
    try {
      Path dirA = app.newStateDir();
      Path dirB = app.newStateDir();
      ServerProcess a = track(servers, server(app, dirA));
      ServerProcess b = track(servers, server(app, dirB));
      a.start();
      b.start();
      PartitionProbe.untilServed(app, System.currentTimeMillis(), "warm");
      // A worker with room to spare: the faults are the servers', not the worker's.
      Worker worker = app.startWorker(registry(), 16);
      Thread loader = new Thread(load, "chaos-load");
      loader.setDaemon(true); // never outlives a failed run
      loader.start();

      // a kill -9 loop: each victim restarted at once, every third with a wiped state directory
      List<PartitionProbe.Recovery> takeovers = new ArrayList<>();
      for (int k = 0; k < KILLS; k++) {
        ServerProcess victim = k % 2 == 0 ? a : b;
        sleep(2_000);
        long killedAt = System.currentTimeMillis();
        victim.kill();
        takeovers.add(PartitionProbe.untilServed(app, killedAt, "kill-" + k));
        restart(victim, k % 2 == 0 ? dirA : dirB, k % 3 == 2);
        // the next kill comes once both serve again, not while the one restarted still starts
        ApiChecks.untilReady(victim);
      }
      sleep(2_000);
      bounce(brokerDir, port);
      sleep(2_000);

      // a third server joins; a rolling restart of all three; the third leaves
      ServerProcess c = track(servers, server(app, app.newStateDir())).start();
      ApiChecks api = new ApiChecks(app);
      api.untilEveryServerAnswers(List.of(a, b, c));
      for (ServerProcess next : List.of(a, b, c)) {
        next.close(); // SIGTERM: leaves the group
        api.askEvery(List.of(a, b, c), Duration.ofSeconds(2));
        next.start();
        api.untilEveryServerAnswers(List.of(a, b, c));
      }
      c.close();
      api.untilEveryServerAnswers(List.of(a, b));

      stopBoth(a, b);
      load.stop();
      loader.join(60_000);
      assertThat(loader.isAlive()).as("the load thread still running").isFalse();
      assertThat(load.failure).as("the load thread").isNull();
      assertThat(api.answered).as("lists answered during the rolling restart").isPositive();

      // then: every workflow ends as expected
      Awaitility.await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ended(app, load.expected.keySet()) == load.expected.size());
      load.duplicates.resendSome();
      Thread.sleep(3_000); // what the repeats cause, if anything, is written by now
      worker.close();

      Oracle.check(app, load.expected, load.badReasons);
      assertThat(List.of(a, b))
          .as("servers still up (their logs: %s)", logsDir())
          .allMatch(ServerProcess::isAlive);
      api.checkHistories(List.of(a, b), load.expected.keySet());
      System.out.printf(
          "chaos: %d kills, takeover processed/visible after each: %s; p50 %.1f s, max %.1f s"
              + " (visible); %s; %d s in all%n",
          KILLS,
          PartitionProbe.describe(takeovers),
          percentile(takeovers, 50) / 1000.0,
          percentile(takeovers, 100) / 1000.0,
          api.summary(),
          (System.currentTimeMillis() - started) / 1000);
    } finally {
      load.stop();
      Path logs = logsDir();
      Files.createDirectories(logs);
      for (int i = 0; i < servers.size(); i++) {
        ServerProcess server = servers.get(i);
        server.close();
        // kept for a failed run: what each server said
        Files.copy(
            server.log(),
            logs.resolve("server-" + (char) ('a' + i) + ".log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      app.close();
      cluster.close();
      currentBroker.close();
      Utils.delete(brokerDir.toFile());
    }
  }

  /** Where each server's output is kept after a run. */
  private static Path logsDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "baton-chaos-logs");
  }

  private static long percentile(List<PartitionProbe.Recovery> recoveries, int p) {
    List<Long> sorted =
        recoveries.stream().map(PartitionProbe.Recovery::visibleMs).sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private static ServerProcess server(TestApp app, Path dir) throws Exception {
    return new ServerProcess(app, dir, Map.of(BatonConfig.HTTP_PORT, Integer.toString(freePort())));
  }

  /** The steady load: workflows, bad records and repeated results, one tick every 250 ms. */
  private final class Load implements Runnable {

    final Map<String, String> expected = new ConcurrentHashMap<>();
    final Map<String, String> badReasons = new ConcurrentHashMap<>();
    final DuplicateSender duplicates;
    private final TestApp app;
    private volatile boolean stopped;
    volatile Throwable failure;

    Load(TestApp app) {
      this.app = app;
      this.duplicates = new DuplicateSender(app);
    }

    void stop() {
      stopped = true;
    }

    @Override
    public void run() {
      int sent = 0;
      int badPerTick = Math.max(1, (BAD_RECORDS + BAD_RECORD_TICKS - 1) / BAD_RECORD_TICKS);
      try {
        while (!stopped) {
          long tick = System.currentTimeMillis();
          for (int i = 0; i < SCALE; i++, sent++) {
            String id = "w-" + sent;
            String kind = sent % 10 == 9 ? "Doomed" : sent % 5 == 2 ? "Flaky" : "Echo";
            expected.put(id, kind.equals("Doomed") ? "WorkflowFailed" : "WorkflowCompleted");
            app.create(id, definition(kind, sent), true);
          }
          for (int j = 0; j < badPerTick && badReasons.size() < BAD_RECORDS; j++) {
            sendBadRecord(app, badReasons);
          }
          duplicates.resendSome();
          long left = TICK_MS - (System.currentTimeMillis() - tick);
          if (left > 0) {
            Thread.sleep(left);
          }
        }
        // every bad record goes out, however short the faults were
        while (badReasons.size() < BAD_RECORDS) {
          sendBadRecord(app, badReasons);
        }
      } catch (Throwable e) {
        failure = e;
      }
    }
  }

  /**
   * Lists and histories asked of every server while servers come and go: a server answers a list
   * (200, or 503 while a partition is moving) and, once the group has settled, every server answers
   * every list and gives each history exactly as the status topic holds it.
   */
  private static final class ApiChecks {

    private final TestApp app;
    int answered;
    private int unavailable;
    private int settled;

    ApiChecks(TestApp app) {
      this.app = app;
    }

    private static URI base(ServerProcess server) {
      return URI.create("http://127.0.0.1:" + server.setting(BatonConfig.HTTP_PORT));
    }

    /** Waits until the server says it is ready (Kafka Streams RUNNING). */
    static void untilReady(ServerProcess server) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> HttpJson.get(base(server), "/ready").status() == 200);
    }

    /** Asks every live server for a list, again and again, for {@code during}. */
    void askEvery(List<ServerProcess> servers, Duration during) {
      long until = System.currentTimeMillis() + during.toMillis();
      while (System.currentTimeMillis() < until) {
        for (ServerProcess server : servers) {
          if (!server.isAlive()) {
            continue;
          }
          try {
            int status = HttpJson.get(base(server), "/workflows?limit=20").status();
            assertThat(status).as("a list during a rebalance").isIn(200, 503);
            if (status == 200) {
              answered++;
            } else {
              unavailable++;
            }
          } catch (IllegalStateException e) {
            unavailable++; // not listening yet, or going
          }
        }
        sleep(200);
      }
    }

    /** Waits until every server answers a list of every partition, then asks for histories. */
    void untilEveryServerAnswers(List<ServerProcess> servers) {
      await(servers, Set.of(), Duration.ofSeconds(90));
      settled++;
    }

    /** After the faults: every server answers, with every history as published. */
    void checkHistories(List<ServerProcess> servers, Set<String> ids) {
      await(servers, ids, Duration.ofSeconds(30));
    }

    private String lastMismatch;

    private void await(List<ServerProcess> servers, Set<String> ids, Duration atMost) {
      lastMismatch = null;
      try {
        Awaitility.await()
            .atMost(atMost)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> everyServerAnswers(servers, ids));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            lastMismatch != null ? lastMismatch : "not every server answered within " + atMost, e);
      }
    }

    /**
     * Whether every server answers a list and the histories of some finished instances (of {@code
     * ids}, or any when empty) with 200, each history as the status topic holds it (a history that
     * differs is asked again: a repeated result may have added a rejection one side shows first).
     */
    private boolean everyServerAnswers(List<ServerProcess> servers, Set<String> ids) {
      List<String> finished =
          app.status.records().stream()
              .filter(r -> r.value().get("type").asText().equals("WorkflowCompleted"))
              .map(TopicReader.Received::key)
              .filter(id -> ids.isEmpty() || ids.contains(id))
              .limit(5)
              .toList();
      try {
        for (ServerProcess server : servers) {
          if (HttpJson.get(base(server), "/workflows?limit=20").status() != 200) {
            unavailable++;
            return false;
          }
          answered++;
          for (String id : finished) {
            HttpJson.Answer history =
                HttpJson.get(base(server), "/workflows/" + id + "/history?limit=1000");
            if (history.status() != 200) {
              assertThat(history.status()).as("history of %s", id).isEqualTo(503);
              unavailable++;
              return false;
            }
            List<JsonNode> events = new ArrayList<>();
            history.body().get("events").forEach(events::add);
            List<JsonNode> published = app.status.events(id);
            if (!events.equals(published)) {
              // A repeated result may have added a rejection that one side shows first.
              lastMismatch = "history of " + id + ": " + events + "\npublished: " + published;
              return false;
            }
          }
        }
        return true;
      } catch (IllegalStateException e) {
        unavailable++; // not listening yet
        return false;
      }
    }

    String summary() {
      return String.format(
          java.util.Locale.ROOT,
          "lists: %d answered, %d unavailable while partitions moved; %d settled checks of every"
              + " server",
          answered,
          unavailable,
          settled);
    }
  }

  // --- the load ---------------------------------------------------------------------------------

  private static TaskRegistry registry() {
    return new TaskRegistry()
        .register("Echo", Scenarios::output)
        .register(
            "Flaky",
            task -> {
              if (task.attempt() == 1) {
                throw new IllegalStateException("flaky on attempt 1");
              }
              return Scenarios.output(task);
            })
        .register(
            "Doomed",
            task -> {
              throw new NonRetryableTaskException("doomed");
            });
  }

  /** A chain a -> b, then a fan-out c1..c3 after b, the last task of the given kind. */
  private static String definition(String kind, int n) {
    String scheduling = n % 2 == 0 ? "GROUPS" : "EAGER";
    return "{\"id\":\"chaos-"
        + kind
        + "\",\"maxRetries\":5,\"scheduling\":\""
        + scheduling
        + "\",\"tasks\":["
        + task("a", "Echo")
        + ","
        + task("b", "Echo", "a")
        + ","
        + task("c1", "Echo", "b")
        + ","
        + task("c2", "Echo", "b")
        + ","
        + task("c3", kind, "b")
        + "]}";
  }

  private static String task(String id, String name, String... dependencies) {
    String deps =
        List.of(dependencies).stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(","));
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"estimatedDurationMs\":10,\"timeoutMs\":"
        + TASK_TIMEOUT_MS
        + ",\"dependencies\":["
        + deps
        + "]}";
  }

  private int badCount;
  private int huge;
  private int large;

  /** One bad record of a random kind, under a key of its own; some larger than every limit. */
  private void sendBadRecord(TestApp app, Map<String, String> reasons) {
    String key = "bad-" + badCount++;
    int draw = random.nextInt(30);
    int kind =
        draw == 0 && huge < HUGE_RECORDS ? 5 : draw == 1 && large < HUGE_RECORDS ? 4 : draw % 4;
    if (kind == 5) {
      huge++;
    } else if (kind == 4) {
      large++;
    }
    byte[] value;
    String reason;
    switch (kind) {
      case 0 -> {
        value = "{not json".getBytes(StandardCharsets.UTF_8);
        reason = "MALFORMED_JSON";
      }
      case 1 -> {
        value = ("{\"type\":\"RebootWorkflow\",\"instanceId\":\"" + key + "\"}").getBytes();
        reason = "UNKNOWN_TYPE";
      }
      case 2 -> {
        value = "{\"type\":\"StartWorkflow\"}".getBytes(StandardCharsets.UTF_8);
        reason = "INVALID_FIELD";
      }
      case 3 -> {
        value = "{\"type\":\"StartWorkflow\",\"instanceId\":\"other\"}".getBytes();
        reason = "KEY_MISMATCH";
      }
      case 4 -> {
        value = ("{\"type\":\"StartWorkflow\",\"pad\":\"" + "x".repeat(900_000)).getBytes();
        reason = "MALFORMED_JSON";
      }
      default -> {
        value = new byte[5_000_000];
        reason = "TOO_LARGE";
      }
    }
    reasons.put(key, reason);
    app.send(app.topics.commands(), key, value);
  }

  // --- the faults -------------------------------------------------------------------------------

  private static ServerProcess track(List<ServerProcess> servers, ServerProcess server) {
    servers.add(server);
    return server;
  }

  private static void restart(ServerProcess server, Path dir, boolean wipe) {
    try {
      if (wipe) {
        Utils.delete(dir.resolve("streams").toFile());
      }
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private EmbeddedKafka currentBroker;

  private EmbeddedKafka broker(Path dir, int port) {
    currentBroker = EmbeddedKafka.builder().kafkaPort(port).dataDir(dir).build().start();
    return currentBroker;
  }

  private void bounce(Path dir, int port) {
    currentBroker.close();
    sleep(3_000);
    broker(dir, port);
  }

  private static void stopBoth(ServerProcess a, ServerProcess b) {
    try {
      a.signal("STOP");
      b.signal("STOP");
      sleep(Long.parseLong(TASK_TIMEOUT_MS) + 2_000);
      a.signal("CONT");
      b.signal("CONT");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws Exception {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static long ended(TestApp app, Set<String> ids) {
    Set<String> done = new HashSet<>();
    for (TopicReader.Received r : app.status.records()) {
      String type = r.value().get("type").asText();
      if (ids.contains(r.key())
          && (type.equals("WorkflowCompleted") || type.equals("WorkflowFailed"))) {
        done.add(r.key());
      }
    }
    return done.size();
  }

  /** What must hold of everything written, whatever the faults. */
  private static final class Oracle {

    /** Every record of the results topic, each with the time it was written. */
    static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> results(
        TestApp app) {
      try (var consumer =
          new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
              Map.of(
                  "bootstrap.servers",
                  app.cluster().bootstrapServers(),
                  "key.deserializer",
                  org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                  "value.deserializer",
                  org.apache.kafka.common.serialization.StringDeserializer.class.getName()))) {
        List<org.apache.kafka.common.TopicPartition> partitions =
            consumer.partitionsFor(app.topics.taskResults()).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> found =
            new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
            && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
          consumer.poll(Duration.ofMillis(500)).forEach(found::add);
        }
        return found;
      }
    }

    /** "instance/task/attempt" of a result or dispatch. */
    private static String attemptOf(JsonNode record) {
      return record.path("instanceId").asText()
          + "/"
          + record.path("taskId").asText()
          + "/"
          + record.path("attempt").asInt();
    }

    static void check(TestApp app, Map<String, String> expected, Map<String, String> badReasons) {
      List<TopicReader.Received> status = app.status.records();
      // when each attempt's first result was written, and when each attempt's deadline was
      Map<String, Long> firstResult = new HashMap<>();
      Map<String, List<String>> resultsByInstance = new HashMap<>();
      for (var r : results(app)) {
        try {
          JsonNode value = dev.baton.protocol.json.Json.MAPPER.readTree(r.value());
          if (value.path("type").asText().startsWith("Task")) {
            firstResult.merge(attemptOf(value), r.timestamp(), Math::min);
            resultsByInstance
                .computeIfAbsent(r.key(), k -> new ArrayList<>())
                .add(r.timestamp() + " " + r.value());
          }
        } catch (java.io.IOException | RuntimeException e) {
          // ticks and anything else not a result
        }
      }
      Map<String, Long> deadlines = new HashMap<>();
      for (TopicReader.Received d : app.dispatches.records()) {
        deadlines.put(
            attemptOf(d.value()),
            d.value().get("dispatchedAt").asLong() + d.value().get("timeoutMs").asLong());
      }
      int timeouts = 0;
      Map<String, List<JsonNode>> byInstance = new HashMap<>();
      for (TopicReader.Received r : status) {
        byInstance.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
      }
      Set<String> dispatchedEvents = new HashSet<>();
      for (var entry : expected.entrySet()) {
        List<JsonNode> events =
            byInstance.getOrDefault(entry.getKey(), List.of()).stream()
                .filter(e -> e.get("seq").asLong() > 0)
                .toList();
        // gapless seq, no repeats
        for (int i = 0; i < events.size(); i++) {
          assertThat(events.get(i).get("seq").asLong())
              .as("seq of event %d of %s", i, entry.getKey())
              .isEqualTo(i + 1);
        }
        // the expected end, and after it nothing but rejections
        int terminal = -1;
        for (int i = 0; i < events.size(); i++) {
          String type = events.get(i).get("type").asText();
          if (type.equals("WorkflowCompleted") || type.equals("WorkflowFailed")) {
            terminal = terminal < 0 ? i : terminal;
          }
          if (terminal >= 0 && i > terminal) {
            assertThat(type).as("after the end of %s", entry.getKey()).isEqualTo("CommandRejected");
          }
          if (type.equals("TaskTimedOut")) {
            timeouts++;
          }
          String attempt = attemptOf(events.get(i));
          if (type.equals("TaskTimedOut")) {
            assertThat(deadlines).as("the dispatch of timed-out %s", attempt).containsKey(attempt);
          }
          if (type.equals("TaskTimedOut")
              && firstResult.getOrDefault(attempt, Long.MAX_VALUE) < deadlines.get(attempt)) {
            throw new AssertionError(
                "a timely result lost to a timeout: "
                    + events.get(i)
                    + "\nthe instance's events: "
                    + events
                    + "\nits dispatches: "
                    + app.dispatches.records().stream()
                        .filter(r -> r.key().equals(entry.getKey()))
                        .map(r -> r.value().toString())
                        .toList()
                    + "\nits results, as written: "
                    + resultsByInstance.get(entry.getKey()));
          }
          if (type.equals("TaskDispatched")) {
            dispatchedEvents.add(
                entry.getKey()
                    + "/"
                    + events.get(i).get("taskId").asText()
                    + "/"
                    + events.get(i).get("attempt").asInt());
          }
        }
        assertThat(terminal).as("%s ended", entry.getKey()).isNotNegative();
        assertThat(events.get(terminal).get("type").asText())
            .as(
                "the end of %s; its events %s; its results, as written: %s",
                entry.getKey(), events, resultsByInstance.get(entry.getKey()))
            .isEqualTo(entry.getValue());
      }
      // exactly one dispatch record per attempt, each matching its TaskDispatched event
      Map<String, Long> dispatchRecords =
          app.dispatches.records().stream()
              .map(
                  r ->
                      r.key()
                          + "/"
                          + r.value().get("taskId").asText()
                          + "/"
                          + r.value().get("attempt").asInt())
              .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
      assertThat(dispatchRecords.values()).as("dispatch records per attempt").containsOnly(1L);
      assertThat(dispatchRecords.keySet()).isEqualTo(dispatchedEvents);
      // exactly one dead letter per bad record, with its reason
      Map<String, List<String>> letters = new HashMap<>();
      for (TopicReader.Received r : app.deadLetters.records()) {
        letters
            .computeIfAbsent(r.key(), k -> new ArrayList<>())
            .add(r.value().get("reason").asText());
      }
      assertThat(letters.keySet()).isEqualTo(badReasons.keySet());
      badReasons.forEach(
          (key, reason) ->
              assertThat(letters.get(key)).as("dead letters of %s", key).containsExactly(reason));
      System.out.printf(
          "chaos: %d workflows, %d status events, %d dispatches, %d dead letters: all as expected;"
              + " %d timeouts, each of an attempt with no result written before its deadline%n",
          expected.size(), status.size(), dispatchRecords.size(), badReasons.size(), timeouts);
    }
  }

  /** Sends again, exactly, some of the results the worker wrote: they must change nothing. */
  private static final class DuplicateSender {
    private final TestApp app;
    private int seen;

    DuplicateSender(TestApp app) {
      this.app = app;
    }

    void resendSome() {
      List<TopicReader.Received> dispatches = app.dispatches.records();
      for (; seen < dispatches.size(); seen++) {
        JsonNode d = dispatches.get(seen).value();
        if (seen % 7 == 0 && d.get("name").asText().equals("Echo")) {
          String id = d.get("instanceId").asText();
          int attempt = d.get("attempt").asInt();
          // the same result again, and one for an attempt before it
          result(id, d.get("taskId").asText(), attempt);
          if (attempt > 1) {
            result(id, d.get("taskId").asText(), attempt - 1);
          }
        }
      }
    }

    private void result(String id, String taskId, int attempt) {
      app.send(
          app.topics.taskResults(),
          id,
          ("{\"type\":\"TaskCompleted\",\"instanceId\":\""
                  + id
                  + "\",\"taskId\":\""
                  + taskId
                  + "\",\"attempt\":"
                  + attempt
                  + "}")
              .getBytes(StandardCharsets.UTF_8));
    }
  }
}
