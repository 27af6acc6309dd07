package dev.baton.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.protocol.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heap and RSS of Baton holding many finished instances. The commands are written first, from this
 * JVM; then Baton runs alone in a fresh JVM ({@link MemoryProbe}), which measures itself once it
 * has committed them all. So the figures hold no producer, worker, broker or leftovers of the
 * earlier measurements.
 */
final class MemoryBenchmark {

  private final BenchCluster cluster;
  private final BenchOptions options;

  MemoryBenchmark(BenchCluster cluster, BenchOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  MemoryFigures run(int instances) {
    RunSpace run = cluster.newBatonRun("memory", options.partitions());
    try {
      long started = System.nanoTime();
      String empty = WorkflowShape.emptyDefinitionJson();
      try (CommandProducer bulk =
          new CommandProducer(
              cluster.bootstrapServers(), run.topics().commands(), CommandProducer.BULK)) {
        for (int i = 0; i < instances; i++) {
          String id = "m-" + i;
          bulk.send(id, Wire.createAndStart(id, empty));
        }
        bulk.flush();
      }
      double produceSeconds = (System.nanoTime() - started) / 1e9;
      String line = probe(run, instances);
      try {
        return MemoryFigures.fromProbe(Json.MAPPER.readTree(line), produceSeconds);
      } catch (JsonProcessingException e) {
        throw new BenchmarkException("The memory probe printed an unreadable result: " + line, e);
      }
    } finally {
      cluster.deleteRun(run);
    }
  }

  private String probe(RunSpace run, int instances) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.appJvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MemoryProbe.class.getName());
    command.add(cluster.bootstrapServers());
    command.add(run.applicationId());
    command.add(run.stateDir().toString());
    command.add(run.topicPrefix());
    command.add(Integer.toString(instances));
    command.add(Long.toString(options.commitIntervalMs()));
    command.add(Long.toString(options.waitTimeout().toSeconds()));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new BenchmarkException("Cannot start the memory probe JVM: " + e.getMessage(), e);
    }
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.startsWith(MemoryProbe.RESULT_PREFIX)) {
                    result.complete(line.substring(MemoryProbe.RESULT_PREFIX.length()));
                  } else {
                    System.err.println(line);
                  }
                }
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
              result.completeExceptionally(
                  new BenchmarkException("the memory probe printed no result"));
            },
            "bench-memory-probe-stdout");
    reader.setDaemon(true);
    reader.start();
    // Start-up, the load itself, and the close after it.
    Duration timeout = options.waitTimeout().plus(Duration.ofSeconds(120));
    Thread killOnExit = new Thread(process::destroyForcibly, "bench-memory-probe-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new BenchmarkException(
            "The memory probe JVM did not finish within "
                + timeout.toSeconds()
                + " s; it was killed");
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
      if (process.exitValue() != 0 || !result.isDone() || result.isCompletedExceptionally()) {
        throw new BenchmarkException(
            "The memory probe JVM failed (exit code "
                + process.exitValue()
                + "); its errors are above");
      }
      return result.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new BenchmarkException("Interrupted while waiting for the memory probe", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook runs anyway.
      }
    }
  }
}
