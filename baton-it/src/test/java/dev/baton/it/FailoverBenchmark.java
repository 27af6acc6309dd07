package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.config.BatonConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How long partitions go unserved after a server is killed (kill -9), with Kafka Streams' own group
 * settings and with Baton's (static membership, 6 s session timeout), side by side in one run. A
 * measurement, not a test: it asserts only that every partition was served again.
 *
 * <p>A partition is served again when a probe sent to it after the kill (a StartWorkflow of an
 * instance that does not exist, answered by a rejection) is processed; the rejection's timestamp is
 * the server's processing time, on this machine's clock.
 *
 * <pre>
 * mvn -B verify -pl baton-it -am -Dit.test=FailoverBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dfailsafe.excludedGroups=none
 * </pre>
 */
@Tag("benchmark")
class FailoverBenchmark extends EmbeddedBrokerTestBase {

  private static final Map<String, String> KAFKA_DEFAULTS =
      Map.of(
          BatonConfig.INSTANCE_ID,
          BatonConfig.INSTANCE_ID_NONE,
          "main.consumer.session.timeout.ms",
          "45000",
          "main.consumer.heartbeat.interval.ms",
          "3000");

  private static final Map<String, String> BATON_DEFAULTS = Map.of();

  private static final int ROUNDS = 3;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void measureRecoveryAfterKill() throws Exception {
    StringBuilder report =
        new StringBuilder(
            "\nrecovery after kill -9 (ms until every partition"
                + " is served again; "
                + ROUNDS
                + " rounds each)\n");
    for (var settings :
        List.of(
            Map.entry("Kafka Streams' defaults", KAFKA_DEFAULTS),
            Map.entry("Baton's defaults", BATON_DEFAULTS))) {
      report.append(settings.getKey()).append(":\n");
      report
          .append("  one server restarted with its state: ")
          .append(restartRounds(settings.getValue()))
          .append('\n');
      report
          .append("  two servers, one killed:             ")
          .append(takeoverRounds(settings.getValue()))
          .append('\n');
    }
    System.out.println(report);
  }

  private List<Long> restartRounds(Map<String, String> settings) throws Exception {
    TestApp run = cluster.newApp();
    List<Long> times = new ArrayList<>();
    try {
      Path dir = run.newStateDir();
      ServerProcess server = new ServerProcess(run, dir, settings).start();
      probeUntilServed(run, System.currentTimeMillis(), "warm");
      for (int round = 0; round < ROUNDS; round++) {
        long killedAt = System.currentTimeMillis();
        server.kill();
        server = new ServerProcess(run, dir, settings).start();
        times.add(probeUntilServed(run, killedAt, "restart-" + round));
      }
      server.close();
    } finally {
      run.close();
    }
    return times;
  }

  private List<Long> takeoverRounds(Map<String, String> settings) throws Exception {
    TestApp run = cluster.newApp();
    List<Long> times = new ArrayList<>();
    try {
      ServerProcess survivor = new ServerProcess(run, run.newStateDir(), settings).start();
      for (int round = 0; round < ROUNDS; round++) {
        ServerProcess victim = new ServerProcess(run, run.newStateDir(), settings).start();
        // Both serve: wait for the group to settle with two members.
        Thread.sleep(8_000);
        probeUntilServed(run, System.currentTimeMillis(), "settle-" + round);
        long killedAt = System.currentTimeMillis();
        victim.kill();
        times.add(probeUntilServed(run, killedAt, "takeover-" + round));
      }
      survivor.close();
    } finally {
      run.close();
    }
    return times;
  }

  /**
   * Sends a probe every 100 ms to instances spread over every partition until each partition has
   * answered one sent after {@code since}; returns the latest first answer, in ms after since.
   */
  private static long probeUntilServed(TestApp run, long since, String name) {
    Map<Integer, Long> firstAnswer = new TreeMap<>();
    int[] sent = {0};
    Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(120))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(
            () -> {
              for (int i = 0; i < 4; i++) {
                String id = name + "-" + sent[0]++;
                run.send(
                    run.topics.commands(),
                    id,
                    ("{\"type\":\"StartWorkflow\",\"instanceId\":\"" + id + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
              }
              for (TopicReader.Received r : run.status.records()) {
                if (r.key().startsWith(name + "-")) {
                  long at = r.value().get("timestamp").asLong();
                  if (at >= since) {
                    firstAnswer.merge(r.partition(), at, Math::min);
                  }
                }
              }
              return firstAnswer.size() == BatonTestCluster.PARTITIONS;
            });
    assertThat(firstAnswer).hasSize(BatonTestCluster.PARTITIONS);
    return firstAnswer.values().stream().mapToLong(at -> at - since).max().orElseThrow();
  }
}
