package dev.baton.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.engine.EngineConfig;
import dev.baton.protocol.json.Json;
import dev.baton.topology.BatonTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Runs Baton alone in this JVM over commands already written, waits until all are processed and
 * committed, then reports this JVM's memory on one line of stdout ({@value #RESULT_PREFIX}{@code
 * {json}}), so that the figures are the application's and nobody else's. Started by {@link
 * MemoryBenchmark}.
 *
 * <p>Arguments: bootstrap servers, application.id, state directory, topic prefix, the number of
 * commands to wait for, commit.interval.ms, the timeout in seconds.
 */
public final class MemoryProbe {

  static final String RESULT_PREFIX = "memory-probe-result ";

  private MemoryProbe() {}

  public static void main(String[] args) {
    try {
      System.out.println(RESULT_PREFIX + probe(args));
      System.exit(0);
    } catch (RuntimeException e) {
      System.err.println("memory probe failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static String probe(String[] args) {
    if (args.length != 7) {
      throw new IllegalArgumentException("expected 7 arguments, got " + List.of(args));
    }
    String bootstrap = args[0];
    RunSpace run = new RunSpace("memory", args[1], args[3], Path.of(args[2]), 1);
    long expected = Long.parseLong(args[4]);
    long commitIntervalMs = Long.parseLong(args[5]);
    Duration timeout = Duration.ofSeconds(Long.parseLong(args[6]));

    ObjectNode result = Json.MAPPER.createObjectNode();
    try (StreamsApp app =
        StreamsApp.start(
            BatonTopology.build(
                run.topics(), EngineConfig.DEFAULTS, BatonTopology.DEFAULT_MAX_RECORD_BYTES),
            StreamsApp.batonProperties(bootstrap, run, commitIntervalMs, Map.of()))) {
      app.awaitRunning(timeout);
      long started = app.runningAtNanos();
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        long[] committed = {0};
        Waits.until(
            expected + " commands to be processed",
            timeout,
            () -> {
              committed[0] = committed(admin, run);
              return committed[0] >= expected;
            },
            app::requireHealthy,
            () -> "committed " + committed[0]);
      }
      long loadNanos = System.nanoTime() - started;
      ProcessMemory memory = ProcessMemory.afterGc();
      result.put("instances", expected);
      result.put("loadSeconds", loadNanos / 1e9);
      result.put("heapUsedBytes", memory.heapUsedBytes());
      result.put("heapCommittedBytes", memory.heapCommittedBytes());
      result.put("heapMaxBytes", memory.heapMaxBytes());
      result.put("nonHeapUsedBytes", memory.nonHeapUsedBytes());
      result.put("rssBytes", memory.rssBytes());
      result.put("peakRssBytes", memory.peakRssBytes());
      result.put("stateDirBytes", sizeOf(run.stateDir()));
      result.put("appCpuSeconds", app.cpuNanos() / 1e9);
    }
    return result.toString();
  }

  private static long committed(Admin admin, RunSpace run) {
    return GroupOffsets.committedByTopic(admin, run.applicationId(), Duration.ofSeconds(30))
        .getOrDefault(run.topics().commands(), 0L);
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
