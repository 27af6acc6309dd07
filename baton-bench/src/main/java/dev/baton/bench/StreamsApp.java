package dev.baton.bench;

import dev.baton.config.BatonConfig;
import dev.baton.topology.StreamsTuning;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * A Kafka Streams application under measurement, with the settings every measurement shares:
 * exactly_once_v2, one stream thread (Baton: one per partition), a fresh application.id and state
 * directory.
 */
final class StreamsApp implements AutoCloseable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final KafkaStreams streams;
  private final String applicationId;
  private final Path stateDir;
  private final AtomicLong runningAtNanos = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private StreamsApp(Topology topology, Properties props, String applicationId, Path stateDir) {
    this.applicationId = applicationId;
    this.stateDir = stateDir;
    this.streams = new KafkaStreams(topology, props);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            runningAtNanos.compareAndSet(0, System.nanoTime());
          } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
            failure.compareAndSet(
                null,
                new BenchmarkException(applicationId + " went from " + before + " to " + now));
          }
        });
    streams.setUncaughtExceptionHandler(
        error -> {
          failure.compareAndSet(null, error);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
  }

  /** The properties every measured application gets; nothing else is tuned. */
  static Properties properties(String bootstrapServers, RunSpace run, long commitIntervalMs) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, run.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, run.stateDir().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    return props;
  }

  /**
   * The properties of a measured Baton application: the shared ones, then the settings Baton ships
   * with ({@link StreamsTuning}), then the run's own ({@code --baton-config}).
   */
  static Properties batonProperties(
      String bootstrapServers, RunSpace run, long commitIntervalMs, Map<String, String> overrides) {
    Properties props = properties(bootstrapServers, run, commitIntervalMs);
    // The record sizes a server allows itself (BatonConfig): a 10,000-task definition is kept in
    // one state entry of about 1 MB, over Kafka's 1 MiB max.request.size once compressed
    // records are estimated.
    String largest = Long.toString(BatonConfig.MAX_RECORD_SIZE_BYTES);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), largest);
    props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), largest);
    props.putAll(StreamsTuning.defaults());
    // Baton ships a stream thread per core; here no more threads than partitions, so that a run
    // on one partition measures one stream thread, as the limit application's does.
    int threads =
        Integer.parseInt(String.valueOf(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Math.min(threads, run.partitions()));
    props.putAll(overrides);
    return props;
  }

  static StreamsApp start(Topology topology, Properties props) {
    StreamsApp app =
        new StreamsApp(
            topology,
            props,
            props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
            Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG)));
    app.streams.start();
    return app;
  }

  void awaitRunning(Duration timeout) {
    Waits.until(
        applicationId + " to reach RUNNING",
        timeout,
        () -> runningAtNanos.get() != 0,
        this::requireHealthy,
        () -> "state " + streams.state());
  }

  /** When the application first reached RUNNING (System.nanoTime), 0 if it has not. */
  long runningAtNanos() {
    return runningAtNanos.get();
  }

  void requireHealthy() {
    Throwable error = failure.get();
    if (error != null) {
      throw new BenchmarkException(applicationId + " failed: " + error, error);
    }
  }

  /**
   * CPU time of the live threads of this application (stream thread, its producer and consumer I/O
   * threads). RocksDB's own native threads are not Java threads and are not included.
   */
  long cpuNanos() {
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().contains(applicationId)) {
        long cpu = THREADS.getThreadCpuTime(thread.getId());
        if (cpu > 0) {
          total += cpu;
        }
      }
    }
    return total;
  }

  /** Closes the application and deletes its local state. */
  @Override
  public void close() {
    boolean closed = streams.close(Duration.ofSeconds(60));
    if (closed) {
      streams.cleanUp();
    }
    TempDirs.delete(stateDir);
    if (!closed) {
      throw new BenchmarkException(applicationId + " did not close within 60 s");
    }
  }
}
