package dev.baton.bench;

import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicProvisioner;
import dev.baton.admin.TopicSpec;
import dev.baton.devbroker.BrokerProcess;
import dev.baton.devbroker.EmbeddedKafkaException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The one broker of a benchmark run, in a JVM of its own, and the admin work around the
 * measurements: fresh topics per measurement, offsets, and counting committed records.
 */
final class BenchCluster implements AutoCloseable {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final BrokerProcess broker;
  private final Admin admin;
  private final Path workDir;
  private int runs;

  private BenchCluster(BrokerProcess broker, Admin admin, Path workDir) {
    this.broker = broker;
    this.admin = admin;
    this.workDir = workDir;
  }

  static BenchCluster start(Path workDir, List<String> brokerJvmOptions, Duration readyTimeout) {
    BrokerProcess broker;
    try {
      broker = BrokerProcess.start(brokerJvmOptions, 0, workDir.resolve("broker"), readyTimeout);
    } catch (EmbeddedKafkaException e) {
      throw new BenchmarkException("Cannot start the broker: " + e.getMessage(), e);
    }
    Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) ADMIN_TIMEOUT.toMillis()));
    return new BenchCluster(broker, admin, workDir);
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  long brokerPid() {
    return broker.pid();
  }

  /** CPU time the broker JVM used so far, or -1 if the OS does not say. */
  long brokerCpuNanos() {
    return ProcessHandle.of(broker.pid())
        .flatMap(handle -> handle.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(-1L);
  }

  void requireBrokerAlive() {
    if (!broker.isAlive()) {
      throw new BenchmarkException("The broker JVM (pid " + broker.pid() + ") is gone");
    }
  }

  /** Baton's six topics under a prefix of their own, created empty. */
  RunSpace newBatonRun(String label, int partitions) {
    RunSpace run = newRun(label, partitions);
    List<TopicSpec> specs =
        TopicCatalog.defaults().stream()
            .map(spec -> spec.withName(run.topicPrefix() + spec.name()))
            .toList();
    TopicProvisioner.createAll(
        admin, specs, OptionalInt.of(partitions), OptionalInt.empty(), ADMIN_TIMEOUT);
    return run;
  }

  /** A run with no topics made for it; see {@link #createTopics}. */
  RunSpace newRun(String label, int partitions) {
    runs++;
    String prefix = String.format("bench%02d-%s.", runs, label);
    String applicationId =
        String.format("bench%02d-%s-%05d", runs, label, System.nanoTime() % 100_000);
    return new RunSpace(
        label, applicationId, prefix, workDir.resolve("state").resolve(applicationId), partitions);
  }

  void createTopics(int partitions, String... names) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    get(admin.createTopics(topics).all(), "creating topics " + List.of(names));
  }

  /**
   * Deletes the run's topics and the internal topics of its application, so that the broker does
   * not carry one measurement's data into the next. Called when a measurement ends, well or badly:
   * a failure here is reported on stderr and does not hide the measurement's own outcome (the
   * broker and its data directory go at the end of the run anyway).
   */
  void deleteRun(RunSpace run, String... extraTopics) {
    try {
      deleteTopicsOf(run, extraTopics);
    } catch (BenchmarkException e) {
      System.err.println(
          "bench: could not delete the topics of " + run.applicationId() + ": " + e.getMessage());
    }
  }

  private void deleteTopicsOf(RunSpace run, String... extraTopics) {
    Set<String> existing = get(admin.listTopics().names(), "listing topics");
    List<String> doomed =
        existing.stream()
            .filter(
                name ->
                    name.startsWith(run.topicPrefix())
                        || name.startsWith(run.applicationId() + "-")
                        || List.of(extraTopics).contains(name))
            .collect(Collectors.toList());
    if (!doomed.isEmpty()) {
      get(admin.deleteTopics(doomed).all(), "deleting topics " + doomed);
    }
  }

  static List<TopicPartition> partitions(String topic, int partitions) {
    List<TopicPartition> list = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      list.add(new TopicPartition(topic, p));
    }
    return list;
  }

  /** The end offset of each partition (transaction markers included). */
  Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        get(admin.listOffsets(request).all(), "listing end offsets of " + partitions);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  /** The offsets {@code groupId} committed, summed per topic; a topic with none is absent. */
  Map<String, Long> committedByTopic(String groupId) {
    return GroupOffsets.committedByTopic(admin, groupId, ADMIN_TIMEOUT);
  }

  /**
   * Reads, as a read_committed consumer, every record between {@code from} (inclusive) and {@code
   * to} (the end offsets taken after the measurement) and hands each to {@code onRecord}. Aborted
   * records and transaction markers are not seen.
   *
   * @return how many records were read
   */
  long readCommitted(
      Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to,
      Duration timeout,
      Consumer<ConsumerRecord<String, byte[]>> onRecord) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    long count = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> assigned = new ArrayList<>(to.keySet());
      consumer.assign(assigned);
      assigned.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!assigned.stream().allMatch(tp -> consumer.position(tp) >= to.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new BenchmarkException(
              "Timed out after "
                  + timeout.toSeconds()
                  + " s reading "
                  + assigned
                  + " up to "
                  + to
                  + " (read "
                  + count
                  + " records)");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
            onRecord.accept(record);
            count++;
          }
        }
      }
    }
    return count;
  }

  private static <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new BenchmarkException("Failed " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new BenchmarkException(
          "Timed out after " + ADMIN_TIMEOUT.toSeconds() + " s " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("Interrupted while " + what, e);
    }
  }

  @Override
  public void close() {
    try {
      admin.close(Duration.ofSeconds(10));
    } finally {
      broker.close();
    }
  }
}
