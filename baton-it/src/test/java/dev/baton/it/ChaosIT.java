package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.devbroker.EmbeddedKafka;
import dev.baton.worker.NonRetryableTaskException;
import dev.baton.worker.TaskRegistry;
import dev.baton.worker.Worker;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults against real processes under a steady load, then an oracle over everything written, read
 * back read_committed. Two servers in processes of their own; kill -9 of one at a time (the second
 * restart with a wiped state directory); a third server that joins and leaves; a broker bounce on
 * the same data; a flood of bad records of every dead-letter kind, some larger than every limit,
 * interleaved with the load; duplicate and stale results; both servers stopped (SIGSTOP) past the
 * tasks' deadlines while the worker's timely answers wait.
 *
 * <p>The short form runs in {@code mvn verify}; {@code -Dbaton.chaos.scale=10} runs ten times the
 * load and bad records.
 */
@Tag("integration")
class ChaosIT {

  private static final int SCALE = Integer.getInteger("baton.chaos.scale", 1);
  private static final int WORKFLOWS = 40 * SCALE;
  private static final int BAD_RECORDS = 300 * SCALE;
  private static final String TASK_TIMEOUT_MS = "10000";

  private final Random random = new Random(42);

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void shouldLoseNothingAndDuplicateNothingUnderFaults() throws Exception {
    Path brokerDir = Files.createTempDirectory("baton-chaos-broker-");
    int port = freePort();
    BatonTestCluster cluster =
        BatonTestCluster.external(broker(brokerDir, port).bootstrapServers());
    TestApp app = cluster.newApp();
    // A commands topic that takes what a careless producer sends, Baton's limits notwithstanding.
    app.allowRecordsUpTo(app.topics.commands(), 8 * 1024 * 1024);
    List<ServerProcess> servers = new ArrayList<>();
    Map<String, String> expected = new HashMap<>();
    Map<String, String> badReasons = new HashMap<>();
    try {
      Path dirA = app.newStateDir();
      Path dirB = app.newStateDir();
      ServerProcess a = track(servers, new ServerProcess(app, dirA, Map.of()).start());
      ServerProcess b = track(servers, new ServerProcess(app, dirB, Map.of()).start());
      Worker worker = app.startWorker(registry());
      DuplicateSender duplicates = new DuplicateSender(app);

      // load in rounds, a fault after each
      int perRound = WORKFLOWS / 8;
      int sent = 0;
      List<Runnable> faults = new ArrayList<>();
      faults.add(() -> a.killQuietly());
      faults.add(() -> restart(a, dirA, false));
      faults.add(() -> b.killQuietly());
      faults.add(() -> restart(b, dirB, true)); // wiped state
      faults.add(() -> joinAndLeave(app));
      faults.add(() -> bounce(brokerDir, port));
      faults.add(() -> stopBoth(a, b));
      faults.add(() -> {});
      for (Runnable fault : faults) {
        for (int i = 0; i < perRound; i++, sent++) {
          String id = "w-" + sent;
          String kind = sent % 10 == 9 ? "Doomed" : sent % 5 == 2 ? "Flaky" : "Echo";
          expected.put(id, kind.equals("Doomed") ? "WorkflowFailed" : "WorkflowCompleted");
          app.create(id, definition(kind, sent), true);
          for (int j = 0; j < BAD_RECORDS / WORKFLOWS; j++) {
            sendBadRecord(app, badReasons);
          }
          duplicates.resendSome();
        }
        fault.run();
      }

      // then: every workflow ends as expected
      Awaitility.await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ended(app, expected.keySet()) == expected.size());
      duplicates.resendSome();
      Thread.sleep(3_000); // what the repeats cause, if anything, is written by now
      worker.close();

      Oracle.check(app, expected, badReasons);
      assertThat(servers.stream().filter(ServerProcess::isAlive).count())
          .as("servers still up")
          .isGreaterThanOrEqualTo(2);
    } finally {
      for (ServerProcess server : servers) {
        server.close();
      }
      app.close();
      cluster.close();
      currentBroker.close();
      Utils.delete(brokerDir.toFile());
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
        + "\",\"maxRetries\":2,\"scheduling\":\""
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

  /** One bad record of a random kind, under a key of its own; some larger than every limit. */
  private void sendBadRecord(TestApp app, Map<String, String> reasons) {
    String key = "bad-" + badCount++;
    int draw = random.nextInt(30);
    int kind = draw == 0 ? 5 : draw == 1 ? 4 : draw % 4;
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

  private static void joinAndLeave(TestApp app) {
    try {
      ServerProcess third = new ServerProcess(app, app.newStateDir(), Map.of()).start();
      Thread.sleep(10_000);
      third.close(); // SIGTERM: leaves the group
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

    static void check(TestApp app, Map<String, String> expected, Map<String, String> badReasons) {
      List<TopicReader.Received> status = app.status.records();
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
          assertThat(type).as("a timely result lost to a timeout").isNotEqualTo("TaskTimedOut");
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
            .as("the end of %s", entry.getKey())
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
          "chaos: %d workflows, %d status events, %d dispatches, %d dead letters: all as expected%n",
          expected.size(), status.size(), dispatchRecords.size(), badReasons.size());
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
