package dev.baton.bench;

import dev.baton.engine.EngineConfig;
import dev.baton.protocol.TopicNames;
import dev.baton.topology.BatonTopology;
import dev.baton.topology.TimerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures Baton's own topology with an {@link InstantWorker}. Each measurement gets fresh topics,
 * application.id and state; the application is started and RUNNING (and any instances to be held
 * are loaded and committed) before the clock starts. The clock runs from the first command sent to
 * the moment the application has committed every command and every task result, which with
 * exactly_once_v2 is when the last status event, dispatch and metrics snapshot are committed too.
 */
final class BatonBenchmark {

  /** A workload: {@code workflows} of {@code shape} and {@code tasks}, after {@code held}. */
  record Workload(
      String name,
      WorkflowShape shape,
      int workflows,
      int tasks,
      int held,
      double ratePerSecond,
      BatonTopology.Options options) {

    Workload(
        String name,
        WorkflowShape shape,
        int workflows,
        int tasks,
        int held,
        double ratePerSecond) {
      this(name, shape, workflows, tasks, held, ratePerSecond, BatonTopology.Options.DEFAULTS);
    }

    static Workload upFront(String name, WorkflowShape shape, int workflows, int tasks, int held) {
      return new Workload(name, shape, workflows, tasks, held, 0);
    }

    /** The same, with other topology options (history, DefinitionMetrics off). */
    Workload with(String newName, BatonTopology.Options newOptions) {
      return new Workload(newName, shape, workflows, tasks, held, ratePerSecond, newOptions);
    }

    long expectedResults() {
      return (long) workflows * tasks;
    }
  }

  private static final Duration SUBMIT_TICK = Duration.ofMillis(10);

  private final BenchCluster cluster;
  private final BenchOptions options;

  BatonBenchmark(BenchCluster cluster, BenchOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  Measurement measure(Workload workload) {
    RunSpace run = cluster.newBatonRun(workload.name().replace('/', '-'), options.partitions());
    TopicNames topics = run.topics();
    String bootstrap = cluster.bootstrapServers();
    try {
      long elapsed;
      CpuClock cpu;
      Map<TopicPartition, Long> outputsBefore;
      LatencySamples latency;
      LatencySamples firstDispatch;
      try (StreamsApp app =
              StreamsApp.start(
                  BatonTopology.build(
                      topics,
                      EngineConfig.DEFAULTS,
                      BatonTopology.DEFAULT_MAX_RECORD_BYTES,
                      TimerSettings.DEFAULTS,
                      null,
                      workload.options()),
                  StreamsApp.batonProperties(
                      bootstrap, run, options.commitIntervalMs(), options.batonConfig()));
          CommandProducer commands =
              new CommandProducer(bootstrap, topics.commands(), CommandProducer.MEASURED);
          InstantWorker worker = InstantWorker.start(bootstrap, topics, options.partitions())) {
        app.awaitRunning(options.waitTimeout());
        if (workload.held() > 0) {
          hold(run, app, workload.held());
        }
        outputsBefore = cluster.endOffsets(outputPartitions(run));
        CpuClock before = CpuClock.read(app, cluster);
        long started = System.nanoTime();
        submit(workload, commands, app);
        awaitDone(run, workload, app, worker, commands);
        elapsed = System.nanoTime() - started;
        cpu = CpuClock.read(app, cluster).since(before);
        worker.close();
        latency = worker.turnaround();
        firstDispatch = worker.firstDispatch();
      }
      long outputs = countOutputs(run, workload, outputsBefore);
      long inputs = workload.workflows() + workload.expectedResults();
      return new Measurement(
          workload.name(),
          workload.shape().label(),
          workload.workflows(),
          workload.tasks(),
          workload.held(),
          inputs,
          outputs,
          elapsed,
          cpu.appNanos(),
          cpu.processNanos(),
          cpu.brokerNanos(),
          latency,
          firstDispatch,
          workload.ratePerSecond());
    } finally {
      cluster.deleteRun(run);
    }
  }

  /** Loads {@code count} finished instances (empty workflows, created started) untimed. */
  private void hold(RunSpace run, StreamsApp app, int count) {
    String empty = WorkflowShape.emptyDefinitionJson();
    try (CommandProducer bulk =
        new CommandProducer(
            cluster.bootstrapServers(), run.topics().commands(), CommandProducer.BULK)) {
      for (int i = 0; i < count; i++) {
        String id = "held-" + i;
        bulk.send(id, Wire.createAndStart(id, empty));
      }
      bulk.flush();
    }
    long[] committed = {0};
    Waits.until(
        count + " instances to be loaded",
        options.waitTimeout(),
        () -> {
          committed[0] = committed(run, run.topics().commands());
          return committed[0] >= count;
        },
        () -> {
          app.requireHealthy();
          cluster.requireBrokerAlive();
        },
        () -> "committed " + committed[0]);
  }

  private void submit(Workload workload, CommandProducer commands, StreamsApp app) {
    String definition = workload.shape().definitionJson(workload.tasks());
    if (workload.ratePerSecond() <= 0) {
      for (int i = 0; i < workload.workflows(); i++) {
        send(commands, i, definition);
      }
      commands.flush();
      return;
    }
    // A fixed offered rate: each tick sends what the rate owes since the start, so a late tick
    // catches up instead of lowering the rate.
    CountDownLatch allSent = new CountDownLatch(1);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "bench-submitter");
              thread.setDaemon(true);
              return thread;
            });
    long start = System.nanoTime();
    int[] sent = {0};
    try {
      scheduler.scheduleAtFixedRate(
          () -> {
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            int due =
                (int)
                    Math.min(
                        workload.workflows(),
                        Math.floor(elapsedSeconds * workload.ratePerSecond()) + 1);
            while (sent[0] < due) {
              send(commands, sent[0]++, definition);
            }
            if (sent[0] >= workload.workflows()) {
              allSent.countDown();
            }
          },
          0,
          SUBMIT_TICK.toMillis(),
          TimeUnit.MILLISECONDS);
      double seconds = workload.workflows() / workload.ratePerSecond();
      Duration budget = Duration.ofMillis((long) (seconds * 1000)).plus(options.waitTimeout());
      long deadline = System.nanoTime() + budget.toNanos();
      while (!await(allSent, 50)) {
        app.requireHealthy();
        commands.requireHealthy();
        if (System.nanoTime() > deadline) {
          throw new BenchmarkException(
              "Timed out submitting "
                  + workload.workflows()
                  + " workflows at "
                  + workload.ratePerSecond()
                  + "/s (sent "
                  + commands.sent()
                  + ")");
        }
      }
    } finally {
      scheduler.shutdownNow();
    }
    commands.flush();
  }

  private static boolean await(CountDownLatch latch, long millis) {
    try {
      return latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("Interrupted while submitting workflows", e);
    }
  }

  private static void send(CommandProducer commands, int index, String definition) {
    String id = "w-" + index;
    commands.send(id, Wire.createAndStart(id, definition));
  }

  private void awaitDone(
      RunSpace run,
      Workload workload,
      StreamsApp app,
      InstantWorker worker,
      CommandProducer commands) {
    long expectedCommands = workload.held() + workload.workflows();
    long expectedResults = workload.expectedResults();
    long[] seen = {0, 0};
    Waits.until(
        workload.name() + " to complete",
        options.waitTimeout(),
        () -> {
          Map<String, Long> committed = cluster.committedByTopic(run.applicationId());
          seen[0] = committed.getOrDefault(run.topics().commands(), 0L);
          seen[1] = committed.getOrDefault(run.topics().taskResults(), 0L);
          return seen[0] >= expectedCommands
              && seen[1] >= expectedResults
              && worker.resultsSent() >= expectedResults;
        },
        () -> {
          app.requireHealthy();
          worker.requireHealthy();
          commands.requireHealthy();
          cluster.requireBrokerAlive();
        },
        () ->
            "commands committed "
                + seen[0]
                + " of "
                + expectedCommands
                + ", task results committed "
                + seen[1]
                + " of "
                + expectedResults
                + ", dispatches read "
                + worker.dispatchesSeen()
                + ", results sent "
                + worker.resultsSent());
  }

  private long committed(RunSpace run, String topic) {
    return cluster.committedByTopic(run.applicationId()).getOrDefault(topic, 0L);
  }

  private List<TopicPartition> outputPartitions(RunSpace run) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : run.countedOutputTopics()) {
      partitions.addAll(BenchCluster.partitions(topic, run.partitions()));
    }
    partitions.addAll(BenchCluster.partitions(run.topics().deadLetter(), run.partitions()));
    return partitions;
  }

  /**
   * Counts the committed output records of the measurement and checks them: every workflow
   * completed, nothing rejected, no dead letter.
   */
  private long countOutputs(RunSpace run, Workload workload, Map<TopicPartition, Long> before) {
    Map<TopicPartition, Long> after = cluster.endOffsets(outputPartitions(run));
    Map<String, Long> statusTypes = new HashMap<>();
    Map<String, Long> perTopic = new HashMap<>();
    String status = run.topics().status();
    cluster.readCommitted(
        before,
        after,
        options.waitTimeout(),
        record -> {
          perTopic.merge(record.topic(), 1L, Long::sum);
          if (record.topic().equals(status)) {
            statusTypes.merge(Wire.typeOf(record.value()), 1L, Long::sum);
          }
        });
    long deadLetters = perTopic.getOrDefault(run.topics().deadLetter(), 0L);
    long rejected = statusTypes.getOrDefault("CommandRejected", 0L);
    long completed = statusTypes.getOrDefault("WorkflowCompleted", 0L);
    if (deadLetters > 0 || rejected > 0 || completed != workload.workflows()) {
      throw new BenchmarkException(
          workload.name()
              + ": expected "
              + workload.workflows()
              + " WorkflowCompleted, no CommandRejected and no dead letter; got "
              + completed
              + " WorkflowCompleted, "
              + rejected
              + " CommandRejected, "
              + deadLetters
              + " dead letters (status events by type: "
              + statusTypes
              + ")");
    }
    long dispatches = perTopic.getOrDefault(run.topics().taskDispatch(), 0L);
    if (dispatches != workload.expectedResults()) {
      throw new BenchmarkException(
          workload.name()
              + ": expected "
              + workload.expectedResults()
              + " dispatches, got "
              + dispatches);
    }
    return run.countedOutputTopics().stream().mapToLong(t -> perTopic.getOrDefault(t, 0L)).sum();
  }
}
