package dev.baton.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A load from outside against a Baton server that is already running, as a user's producers and
 * workers would give it: rounds of workflows submitted at once to the commands topic, an instant
 * worker on the dispatch topic, and the status topic read until every workflow of the round has its
 * {@code WorkflowCompleted}.
 *
 * <p>The first round after a server's start measures it cold (its JIT has compiled nothing of Baton
 * yet); later rounds measure it warm. Run it against a freshly started server per shape to get
 * both: {@code baton-bench/server-load.sh} does that for one or more checkouts side by side.
 */
@Command(
    name = "baton bench load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Load a running Baton server from outside: rounds of workflows submitted at once, an instant"
          + " worker, tasks per second per round (the first round after a server's start is its"
          + " cold figure).",
      "Only the workflows and dispatches of this run are counted: the topics may hold others."
    })
public final class ServerLoad implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(20);

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "127.0.0.1:9092",
      description = "the Kafka cluster the server runs on (default: ${DEFAULT-VALUE})")
  private String bootstrapServers;

  @Option(
      names = "--shape",
      defaultValue = "chain",
      description = "chain or fan-out (default: ${DEFAULT-VALUE})")
  private String shape;

  @Option(
      names = "--tasks",
      description = "tasks per workflow (default: 10 for a chain, 50 for a fan-out)")
  private Integer tasks;

  @Option(
      names = "--round-tasks",
      defaultValue = "10000",
      description = "tasks per round; the workflow count follows (default: ${DEFAULT-VALUE})")
  private int roundTasks;

  @Option(
      names = "--rounds",
      defaultValue = "20",
      description =
          "rounds, one after the other (default: ${DEFAULT-VALUE}); on 2 cores the JIT compiles"
              + " for the first 10 or so")
  private int rounds;

  @Option(
      names = "--server-pid",
      description = "the server's process id, to report its CPU per task (this machine only)")
  private Long serverPid;

  @Option(
      names = "--label",
      defaultValue = "server",
      description = "what this run measures, for the report (default: ${DEFAULT-VALUE})")
  private String label;

  @Option(
      names = "--output",
      description = "append one JSON line per round to this file (JSON Lines)")
  private Path output;

  @Option(
      names = "--wait-timeout-s",
      defaultValue = "300",
      description = "the longest a round may take before the run fails (default: ${DEFAULT-VALUE})")
  private int waitTimeoutSeconds;

  private final PrintStream out;

  private ServerLoad(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    int code = commandLine(System.out).execute(args);
    // Kafka clients leave non-daemon threads behind for a moment; the run is over.
    System.exit(code);
  }

  /** The command line, its table going to {@code out}: exit 2 on bad input, 1 when a run fails. */
  static CommandLine commandLine(PrintStream out) {
    CommandLine cli = new CommandLine(new ServerLoad(out));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("bench load: " + e.getMessage());
          return e instanceof IllegalArgumentException ? 2 : 1;
        });
    return cli;
  }

  /** One round: what was submitted and what it took. */
  record Round(
      int number,
      int workflows,
      int tasks,
      double seconds,
      double tasksPerSecond,
      LatencySamples turnaround,
      double serverCpuMicrosPerTask) {}

  @Override
  public Integer call() throws IOException {
    WorkflowShape workflowShape = parseShape(shape);
    int perWorkflow = tasks != null ? tasks : workflowShape == WorkflowShape.CHAIN ? 10 : 50;
    if (perWorkflow < workflowShape.minTasks() || roundTasks < perWorkflow || rounds < 1) {
      throw new IllegalArgumentException(
          "need --tasks >= "
              + workflowShape.minTasks()
              + " for a "
              + workflowShape.label()
              + ", --round-tasks >= --tasks and --rounds >= 1");
    }
    int workflows = roundTasks / perWorkflow;
    String definition = workflowShape.definitionJson(perWorkflow);
    TopicNames topics = TopicNames.DEFAULTS;
    String runId = Long.toString(System.currentTimeMillis(), 36);
    out.printf(
        Locale.ROOT,
        "%s: %d rounds of %d %s workflows of %d tasks against %s%n",
        label,
        rounds,
        workflows,
        workflowShape.label(),
        perWorkflow,
        bootstrapServers);
    out.printf(
        Locale.ROOT,
        "%-6s %10s %8s %10s %10s %10s %12s%n",
        "round",
        "workflows",
        "seconds",
        "tasks/s",
        "p50 ms",
        "p99 ms",
        "cpu us/task");

    List<Round> done = new ArrayList<>();
    try (StatusReader status = new StatusReader(bootstrapServers, topics.status());
        CommandProducer commands =
            new CommandProducer(bootstrapServers, topics.commands(), CommandProducer.MEASURED)) {
      int dispatchPartitions = status.partitionsOf(topics.taskDispatch());
      for (int r = 1; r <= rounds; r++) {
        String prefix = "load-" + runId + "-" + workflowShape.label() + "-r" + r + "-";
        InstantWorker worker =
            InstantWorker.startAtEnd(bootstrapServers, topics, dispatchPartitions);
        double seconds;
        long cpuNanos;
        try {
          long cpuBefore = serverCpuNanos();
          long startedAt = System.nanoTime();
          for (int w = 0; w < workflows; w++) {
            String id = prefix + w;
            commands.send(id, Wire.createAndStart(id, definition));
          }
          commands.flush();
          status.awaitCompleted(prefix, workflows, worker, Duration.ofSeconds(waitTimeoutSeconds));
          seconds = (System.nanoTime() - startedAt) / 1e9;
          cpuNanos = cpuBefore < 0 ? -1 : serverCpuNanos() - cpuBefore;
        } finally {
          worker.close();
        }
        int roundTotal = workflows * perWorkflow;
        Round round =
            new Round(
                r,
                workflows,
                roundTotal,
                seconds,
                roundTotal / seconds,
                worker.turnaround(),
                cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / roundTotal);
        done.add(round);
        print(round);
        append(round, workflowShape, perWorkflow);
      }
    }
    summarize(done);
    return 0;
  }

  private void print(Round round) {
    out.printf(
        Locale.ROOT,
        "%-6d %10d %8.2f %10.0f %10.1f %10.1f %12.1f%n",
        round.number(),
        round.workflows(),
        round.seconds(),
        round.tasksPerSecond(),
        round.turnaround().p50Ms(),
        round.turnaround().p99Ms(),
        round.serverCpuMicrosPerTask());
  }

  /** The first round, and the warm figure. */
  private void summarize(List<Round> done) {
    out.printf(Locale.ROOT, "%s: first round %.0f tasks/s", label, done.get(0).tasksPerSecond());
    if (done.size() > 1) {
      out.printf(
          Locale.ROOT,
          ", warm (median of rounds %d-%d) %.0f tasks/s",
          done.size() / 2 + 1,
          done.size(),
          warmTasksPerSecond(done));
    }
    out.println();
  }

  /**
   * The median tasks per second of the second half of the rounds (the mean of the middle two when
   * they are even): on 2 cores the server's JIT compiles for its first 50,000 to 100,000 tasks.
   */
  static double warmTasksPerSecond(List<Round> done) {
    double[] warm =
        done.subList(done.size() / 2, done.size()).stream()
            .mapToDouble(Round::tasksPerSecond)
            .sorted()
            .toArray();
    int mid = warm.length / 2;
    return warm.length % 2 == 1 ? warm[mid] : (warm[mid - 1] + warm[mid]) / 2;
  }

  private void append(Round round, WorkflowShape workflowShape, int perWorkflow)
      throws IOException {
    if (output == null) {
      return;
    }
    ObjectNode line = ReportJson.object();
    line.put("label", label);
    line.put("shape", workflowShape.label());
    line.put("tasks_per_workflow", perWorkflow);
    line.put("round", round.number());
    line.put("workflows", round.workflows());
    line.put("tasks", round.tasks());
    ReportJson.putFigure(line, "seconds", round.seconds());
    ReportJson.putFigure(line, "tasks_per_second", round.tasksPerSecond());
    ReportJson.putFigure(line, "turnaround_p50_ms", round.turnaround().p50Ms());
    ReportJson.putFigure(line, "turnaround_p99_ms", round.turnaround().p99Ms());
    ReportJson.putFigure(line, "server_cpu_us_per_task", round.serverCpuMicrosPerTask());
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        output,
        Json.MAPPER.writeValueAsString(line) + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private long serverCpuNanos() {
    if (serverPid == null) {
      return -1;
    }
    Optional<Duration> cpu =
        ProcessHandle.of(serverPid).flatMap(handle -> handle.info().totalCpuDuration());
    if (cpu.isEmpty()) {
      throw new BenchmarkException(
          "No process " + serverPid + " to read the CPU of (--server-pid)");
    }
    return cpu.get().toNanos();
  }

  private static WorkflowShape parseShape(String text) {
    for (WorkflowShape candidate : List.of(WorkflowShape.CHAIN, WorkflowShape.FAN_OUT)) {
      if (candidate.label().equals(text)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("--shape must be chain or fan-out, got '" + text + "'");
  }

  /**
   * Reads the status topic (read_committed) from where it ended when the run began, and counts the
   * ends of one round's workflows.
   */
  private static final class StatusReader implements AutoCloseable {

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String bootstrapServers;

    StatusReader(String bootstrapServers, String topic) {
      this.bootstrapServers = bootstrapServers;
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
      consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < partitionsOf(topic); p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }

    int partitionsOf(String topic) {
      List<PartitionInfo> partitions;
      try {
        partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw new BenchmarkException(
            "No answer from Kafka within "
                + METADATA_TIMEOUT.toSeconds()
                + " s (--bootstrap-servers "
                + bootstrapServers
                + ")",
            e);
      }
      if (partitions == null || partitions.isEmpty()) {
        throw new BenchmarkException(
            "Topic " + topic + " does not exist: create the topics and start the server first");
      }
      return partitions.size();
    }

    void awaitCompleted(String prefix, int workflows, InstantWorker worker, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      int completed = 0;
      while (completed < workflows) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          if (record.key() == null || !record.key().startsWith(prefix)) {
            continue;
          }
          String type = Wire.typeOf(record.value());
          switch (type) {
            case "WorkflowCompleted" -> completed++;
            case "WorkflowFailed", "WorkflowCancelled", "CommandRejected" ->
                throw new BenchmarkException(
                    type
                        + " for "
                        + record.key()
                        + ": "
                        + new String(record.value(), StandardCharsets.UTF_8));
            default -> {}
          }
        }
        worker.requireHealthy();
        if (System.nanoTime() > deadline) {
          throw new BenchmarkException(
              "Only "
                  + completed
                  + " of "
                  + workflows
                  + " workflows completed within "
                  + timeout.toSeconds()
                  + " s (worker: "
                  + worker.dispatchesSeen()
                  + " dispatches seen); is the server running on this cluster?");
        }
      }
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(10));
    }
  }
}
