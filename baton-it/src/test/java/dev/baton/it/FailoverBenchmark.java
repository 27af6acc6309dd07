package dev.baton.it;

import dev.baton.config.BatonConfig;
import java.nio.file.Files;
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
 *     -Dfailsafe.excludedGroups=none [-Dbaton.failover.rounds=5] \
 *     [-Dbaton.failover.settings=baton,nocds,pace,classic,kafka]
 * </pre>
 */
@Tag("benchmark")
class FailoverBenchmark extends EmbeddedBrokerTestBase {

  /**
   * Baton's settings with the brokers' assignment pace and the restore consumer's wait at Kafka's
   * defaults: an assignment at most once a second, an empty group's first one after 3 s, a restore
   * poll that waits 500 ms for records that are not there.
   */
  private static final Map<String, String> KAFKA_PACE =
      Map.of(
          BatonConfig.GROUP_ASSIGNMENT_INTERVAL_MS,
          "1000",
          BatonConfig.GROUP_INITIAL_REBALANCE_DELAY_MS,
          "3000",
          "restore.consumer.fetch.max.wait.ms",
          "500");

  private static final Map<String, String> KAFKA_DEFAULTS =
      withKafkaPace(
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
              "0"));

  private static final Map<String, String> BATON_DEFAULTS = Map.of();

  private static Map<String, String> withKafkaPace(Map<String, String> settings) {
    Map<String, String> all = new java.util.HashMap<>(KAFKA_PACE);
    all.putAll(settings);
    return Map.copyOf(all);
  }

  /** Baton's settings before the streams protocol: static membership, a 6 s session. */
  private static final Map<String, String> CLASSIC = Map.of("group.protocol", "classic");

  /** Settings measured side by side; {@code key} picks them in {@code baton.failover.settings}. */
  private record Variant(
      String key, String label, Map<String, String> settings, boolean sharedClasses) {}

  private static final int ROUNDS = Integer.getInteger("baton.failover.rounds", 3);

  @Test
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void measureRecoveryAfterKill() throws Exception {
    StringBuilder report =
        new StringBuilder(
            "\nrecovery after kill -9 (ms until every partition"
                + " is served again; "
                + ROUNDS
                + " rounds each)\n");
    List<Variant> all =
        List.of(
            new Variant("baton", "Baton's defaults (./baton server)", BATON_DEFAULTS, true),
            new Variant("nocds", "Baton's, without class data sharing", BATON_DEFAULTS, false),
            new Variant(
                "pace",
                "Baton's, with Kafka's assignment pace and restore wait, without CDS",
                KAFKA_PACE,
                false),
            new Variant("classic", "classic protocol, 6 s session", CLASSIC, false),
            new Variant("kafka", "Kafka Streams' defaults", KAFKA_DEFAULTS, false));
    List<String> chosen =
        List.of(
            System.getProperty("baton.failover.settings", "baton,nocds,pace,classic,kafka")
                .split(","));
    for (Variant variant : all.stream().filter(v -> chosen.contains(v.key())).toList()) {
      report.append(variant.label()).append(":\n");
      report
          .append("  one server restarted with its state: ")
          .append(
              PartitionProbe.describe(restartRounds(variant.settings(), variant.sharedClasses())))
          .append('\n');
      report
          .append("  two servers, one killed:             ")
          .append(PartitionProbe.describe(takeoverRounds(variant.settings())))
          .append('\n');
    }
    System.out.println(report);
  }

  /**
   * @param sharedClasses whether the server starts from a class archive, recorded by its first run
   *     (class data sharing, as {@code ./baton server} does)
   */
  private List<PartitionProbe.Recovery> restartRounds(
      Map<String, String> settings, boolean sharedClasses) throws Exception {
    TestApp run = cluster.newApp();
    List<PartitionProbe.Recovery> times = new ArrayList<>();
    try {
      Path dir = run.newStateDir();
      Path archive = dir.resolve("classes.jsa");
      ServerProcess first = new ServerProcess(run, dir, settings);
      if (sharedClasses) {
        first.recordingClassesTo(archive);
      }
      first.start();
      PartitionProbe.untilServed(run, System.currentTimeMillis(), "first");
      first.close();
      ServerProcess server = restarted(run, dir, settings, sharedClasses, archive);
      PartitionProbe.untilServed(run, System.currentTimeMillis(), "warm");
      for (int round = 0; round < ROUNDS; round++) {
        long killedAt = System.currentTimeMillis();
        server.kill();
        server = restarted(run, dir, settings, sharedClasses, archive);
        times.add(PartitionProbe.untilServed(run, killedAt, "restart-" + round));
      }
      server.close();
    } finally {
      run.close();
    }
    return times;
  }

  private static ServerProcess restarted(
      TestApp run, Path dir, Map<String, String> settings, boolean sharedClasses, Path archive)
      throws Exception {
    ServerProcess server = new ServerProcess(run, dir, settings);
    if (sharedClasses) {
      if (!Files.isRegularFile(archive)) {
        throw new IllegalStateException("The first run recorded no class archive at " + archive);
      }
      server.sharingClassesFrom(archive);
    }
    return server.start();
  }

  /**
   * One stream thread per server: with the app's two partitions, each server then holds one, and
   * the victim's partition must move. With a thread per core, the survivor's two threads may hold
   * both partitions, and a kill moves nothing.
   */
  private List<PartitionProbe.Recovery> takeoverRounds(Map<String, String> baseSettings)
      throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(baseSettings);
    settings.putAll(TestApp.ONE_THREAD);
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
