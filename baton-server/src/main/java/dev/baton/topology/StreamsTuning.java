package dev.baton.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams and client settings Baton ships with, beyond Kafka's defaults, chosen by
 * measurement ({@code ./baton bench}; docs/BENCHMARKS.md has the before-and-after of each). The
 * server's configuration starts from these (a configuration file or the environment overrides any
 * of them), and the benchmark gives them to every Baton application it measures.
 */
public final class StreamsTuning {

  private StreamsTuning() {}

  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    // Outputs become visible when their transaction commits, so turnaround is about one commit
    // interval. Exactly-once's default is 100 ms; 50 ms took the turnaround at half of saturation
    // from p50 149 / p99 331 ms to 82 / 199 ms at the same throughput, and 30 ms from p50 61-70 ms
    // to 43-46 ms, again at the same throughput and CPU per task (a commit is only made when
    // something was processed, so an idle server makes none).
    d.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "30");
    // With exactly-once, a commit flushes everything sent since the last one; Kafka Streams'
    // producer already lingers (100 ms) until then, so a batch ends when it is full. At 16 KB
    // (Kafka's default) a saturated stream thread fills one every few hundred records on each of
    // five topics plus the changelogs, and each new batch wakes the producer's I/O thread: 256 KB
    // took the application's CPU per task to 0.85x.
    d.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
    // Outputs and state are JSON and binary with repeated ids: lz4 costs the producer little and
    // saves the broker, which shares the machine in small deployments (broker CPU 0.88x).
    d.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    // One stream thread per core, up to four: at saturation a stream thread is one core's work, and
    // the partitions (6 shipped) spread over the threads. On a 2-core machine with the broker
    // beside it, two threads moved 1.26x the tasks of one over 6 partitions and 1.20x over 2, at
    // the same CPU per task. Threads beyond the partitions a server holds wait idle.
    d.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads()));
    // Never wait for an empty input partition. Kafka's default (0) holds a task whose commands or
    // results partition is empty while the broker reports records on it, until they are fetched,
    // and checks every partition's lag before each record: it keeps the two inputs in timestamp
    // order, which Baton does not rely on (a command and a result race anyway; timer ticks follow
    // the results of their own partition). 1.10x tasks/s and 0.91x CPU per task, side by side.
    d.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
    // Not transactional state stores (KIP-892, enable.transactional.statestores), though they would
    // spare a server killed under exactly-once the wipe and full restore of its stores at restart:
    // in 4.4 a metrics reader (Micrometer, JMX) reading a store's uncommitted bytes while a
    // rebalance closes the store crashed the JVM in RocksDB (WriteBatch.getDataSize, SIGSEGV).
    return Collections.unmodifiableMap(d);
  }

  /** One per core this JVM may use, at least one and at most four. */
  static int streamThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }
}
