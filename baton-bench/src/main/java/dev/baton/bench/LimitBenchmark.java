package dev.baton.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures {@link LimitTopology}: N records are produced first, then the application starts; the
 * clock runs from its first record processed to the moment its input offsets are committed, which
 * with exactly_once_v2 is when the last output is committed too.
 */
final class LimitBenchmark {

  private final BenchCluster cluster;
  private final BenchOptions options;

  LimitBenchmark(BenchCluster cluster, BenchOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  Measurement run(String name, int records, int keys) {
    RunSpace run = cluster.newRun("limit", options.partitions());
    String input = run.topicPrefix() + "limit.input";
    String output = run.topicPrefix() + "limit.output";
    cluster.createTopics(options.partitions(), input, output);
    try {
      produce(input, records, keys);
      AtomicLong firstRecordAt = new AtomicLong();
      List<TopicPartition> outputPartitions = BenchCluster.partitions(output, options.partitions());
      long elapsed;
      CpuClock cpu;
      try (StreamsApp app =
          StreamsApp.start(
              LimitTopology.build(input, output, firstRecordAt),
              StreamsApp.properties(cluster.bootstrapServers(), run, options.commitIntervalMs()))) {
        app.awaitRunning(options.waitTimeout());
        CpuClock before = CpuClock.read(app, cluster);
        long[] committed = {0};
        Waits.until(
            "the limit application to commit " + records + " input records",
            options.waitTimeout(),
            () -> {
              committed[0] = cluster.committedByTopic(run.applicationId()).getOrDefault(input, 0L);
              return committed[0] >= records;
            },
            () -> {
              app.requireHealthy();
              cluster.requireBrokerAlive();
            },
            () -> "committed " + committed[0]);
        long done = System.nanoTime();
        cpu = CpuClock.read(app, cluster).since(before);
        elapsed = done - firstRecordAt.get();
      }
      Map<TopicPartition, Long> end = cluster.endOffsets(outputPartitions);
      long outputs = cluster.readCommitted(Map.of(), end, options.waitTimeout(), record -> {});
      if (outputs != records) {
        throw new BenchmarkException(
            "The limit application wrote "
                + outputs
                + " committed records for "
                + records
                + " inputs");
      }
      return new Measurement(
          name,
          null,
          0,
          0,
          0,
          records,
          outputs,
          elapsed,
          cpu.appNanos(),
          cpu.processNanos(),
          cpu.brokerNanos(),
          LatencySamples.NONE,
          LatencySamples.NONE,
          0);
    } finally {
      cluster.deleteRun(run, input, output);
    }
  }

  private void produce(String topic, int records, int keys) {
    byte[] value = new byte[options.limitValueBytes()];
    Arrays.fill(value, (byte) 'x');
    String[] keyNames = new String[keys];
    for (int k = 0; k < keys; k++) {
      keyNames[k] = "key-" + k;
    }
    try (CommandProducer producer =
        new CommandProducer(cluster.bootstrapServers(), topic, CommandProducer.MEASURED)) {
      for (int i = 0; i < records; i++) {
        // A multiplicative step spreads consecutive records over the key space.
        producer.send(keyNames[(int) ((i * 7_919L) % keys)], value);
      }
      producer.flush();
    }
  }
}
