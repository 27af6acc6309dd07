package dev.baton.it;

import dev.baton.config.BatonConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How long partitions go unserved after a server is killed (kill -9), side by side in one run: with
 * Baton's settings (the streams rebalance protocol, a 1.5 s group session, standby replicas, 2 s
 * transactions), with the classic protocol and its 6 s session, and with Kafka Streams' own
 * defaults. A measurement, not a test: it asserts only that every partition was served again.
 *
 * <p>A partition is served again when a probe sent to it after the kill (a StartWorkflow of an
 * instance that does not exist, answered by a rejection) is processed, and then when a
 * read_committed reader sees the answer: a transaction the killed server left open holds that back
 * until the broker aborts it ({@link PartitionProbe}).
 *
 * <pre>
 * mvn -B verify -pl baton-it -am -Dit.test=FailoverBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dfailsafe.excludedGroups=none [-Dbaton.failover.rounds=5]
 * </pre>
 */
@Tag("benchmark")
class FailoverBenchmark extends EmbeddedBrokerTestBase {

  private static final Map<String, String> KAFKA_DEFAULTS =
      Map.of(
          BatonConfig.INSTANCE_ID,
          BatonConfig.INSTANCE_ID_NONE,
          "group.protocol",
          "classic",
          "producer.transaction.timeout.ms",
          "10000",
          "main.consumer.session.timeout.ms",
          "45000",
          "main.consumer.heartbeat.interval.ms",
          "3000",
          BatonConfig.GROUP_STANDBY_REPLICAS,
          "0");

  private static final Map<String, String> BATON_DEFAULTS = Map.of();

  /** Baton's settings before the streams protocol: static membership, a 6 s session. */
  private static final Map<String, String> CLASSIC = Map.of("group.protocol", "classic");

  private static final int ROUNDS = Integer.getInteger("baton.failover.rounds", 3);

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
        Boolean.getBoolean("baton.failover.skip-kafka-defaults")
            ? List.of(
                Map.entry("Baton's defaults (streams protocol)", BATON_DEFAULTS),
                Map.entry("classic protocol, 6 s session", CLASSIC))
            : List.of(
                Map.entry("Baton's defaults (streams protocol)", BATON_DEFAULTS),
                Map.entry("classic protocol, 6 s session", CLASSIC),
                Map.entry("Kafka Streams' defaults", KAFKA_DEFAULTS))) {
      report.append(settings.getKey()).append(":\n");
      report
          .append("  one server restarted with its state: ")
          .append(PartitionProbe.describe(restartRounds(settings.getValue())))
          .append('\n');
      report
          .append("  two servers, one killed:             ")
          .append(PartitionProbe.describe(takeoverRounds(settings.getValue())))
          .append('\n');
    }
    System.out.println(report);
  }

  private List<PartitionProbe.Recovery> restartRounds(Map<String, String> settings)
      throws Exception {
    TestApp run = cluster.newApp();
    List<PartitionProbe.Recovery> times = new ArrayList<>();
    try {
      Path dir = run.newStateDir();
      ServerProcess server = new ServerProcess(run, dir, settings).start();
      PartitionProbe.untilServed(run, System.currentTimeMillis(), "warm");
      for (int round = 0; round < ROUNDS; round++) {
        long killedAt = System.currentTimeMillis();
        server.kill();
        server = new ServerProcess(run, dir, settings).start();
        times.add(PartitionProbe.untilServed(run, killedAt, "restart-" + round));
      }
      server.close();
    } finally {
      run.close();
    }
    return times;
  }

  private List<PartitionProbe.Recovery> takeoverRounds(Map<String, String> settings)
      throws Exception {
    TestApp run = cluster.newApp();
    List<PartitionProbe.Recovery> times = new ArrayList<>();
    try {
      ServerProcess survivor = new ServerProcess(run, run.newStateDir(), settings).start();
      for (int round = 0; round < ROUNDS; round++) {
        ServerProcess victim = new ServerProcess(run, run.newStateDir(), settings).start();
        // Both serve: wait for the group to settle with two members.
        Thread.sleep(8_000);
        PartitionProbe.untilServed(run, System.currentTimeMillis(), "settle-" + round);
        long killedAt = System.currentTimeMillis();
        victim.kill();
        times.add(PartitionProbe.untilServed(run, killedAt, "takeover-" + round));
      }
      survivor.close();
    } finally {
      run.close();
    }
    return times;
  }
}
