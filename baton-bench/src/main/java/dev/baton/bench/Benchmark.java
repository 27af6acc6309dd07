package dev.baton.bench;

import dev.baton.bench.BatonBenchmark.Workload;
import dev.baton.bench.BenchOptions.Phase;
import dev.baton.topology.BatonTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures Baton against the limit of its platform, side by side in one run: one broker (in its own
 * JVM) for everything, the same settings for every application, a fresh application.id, state
 * directory and topics per measurement.
 *
 * <ol>
 *   <li>the limit: a minimal stateful Kafka Streams application, records in+out per second;
 *   <li>Baton at saturation per workflow shape, with a worker that completes tasks instantly:
 *       tasks, workflows and records per second, turnaround latency; the ratio to the limit;
 *   <li>Baton at a steady offered load of half the saturation workflow rate;
 *   <li>scaling: per-task cost for workflows of 10 to 10,000 tasks, and with 10 versus many
 *       finished instances held in state;
 *   <li>memory: heap and RSS of Baton's JVM holding a million finished instances.
 * </ol>
 *
 * <p>Progress goes to stderr; the table to the given stream; the JSON report to {@link
 * BenchOptions#output()}. See docs/BENCHMARKS.md.
 */
public final class Benchmark {

  private static final Duration BROKER_READY_TIMEOUT = Duration.ofSeconds(120);

  private final BenchOptions options;
  private final PrintStream progress;
  private final BenchResults results;
  private BenchCluster cluster;

  private Benchmark(BenchOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
    this.results = new BenchResults(options, MachineInfo.current(), Instant.now());
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("load")) {
      ServerLoad.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (List.of(args).contains("--help")
        || List.of(args).contains("-h")
        || List.of(args).contains("--options")) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(options, System.out);
    } catch (BenchmarkException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(1);
    } catch (RuntimeException | Error e) {
      System.err.println("bench: failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
    // Kafka clients leave non-daemon threads behind for a moment; the run is over.
    System.exit(0);
  }

  /**
   * Runs the benchmark, prints the table on {@code out} and writes the JSON report.
   *
   * @throws BenchmarkException if a measurement could not be made; what was started is stopped and
   *     the temporary directories are deleted
   */
  public static BenchResults run(BenchOptions options, PrintStream out) {
    Benchmark benchmark = new Benchmark(options, System.err);
    Path workDir;
    try {
      workDir = Files.createTempDirectory("baton-bench-");
    } catch (IOException e) {
      throw new BenchmarkException("Cannot create a temporary directory: " + e.getMessage(), e);
    }
    // Ctrl-C must not leave a broker JVM or gigabytes of state behind.
    AtomicReference<BenchCluster> running = new AtomicReference<>();
    Thread cleanup =
        new Thread(
            () -> {
              BenchCluster cluster = running.get();
              if (cluster != null) {
                cluster.close();
              }
              TempDirs.delete(workDir);
            },
            "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    long started = System.nanoTime();
    try {
      benchmark.progress.println("bench: starting the broker JVM");
      try (BenchCluster cluster =
          BenchCluster.start(workDir, options.brokerJvmOptions(), BROKER_READY_TIMEOUT)) {
        running.set(cluster);
        benchmark.cluster = cluster;
        benchmark.runPhases();
      } finally {
        running.set(null);
      }
      benchmark.results.totalSeconds = (System.nanoTime() - started) / 1e9;
      out.print(ResultsTable.render(benchmark.results));
      ReportJson.write(benchmark.results.json(), options.output());
      out.println("report: " + options.output().toAbsolutePath());
      return benchmark.results;
    } finally {
      TempDirs.delete(workDir);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook runs anyway.
      }
    }
  }

  private void runPhases() {
    LimitBenchmark limit = new LimitBenchmark(cluster, options);
    BatonBenchmark baton = new BatonBenchmark(cluster, options);
    if (options.runs(Phase.LIMIT)) {
      phase(
          Phase.LIMIT,
          () -> {
            if (options.warmup()) {
              limit.run("limit/warm-up", options.limitRecords(), options.limitKeys());
            }
            record(results.limits, limit.run("limit", options.limitRecords(), options.limitKeys()));
          });
    }
    if (options.warmup() && runsAnyBatonPhase()) {
      // The JIT keeps compiling for a minute or more; on 2 cores that competes with whatever is
      // measured first. Rounds of half of each saturation workload take it, until a round costs
      // no longer clearly less CPU per task than the best before it (the compiler threads' CPU
      // counts: it is the whole JVM's).
      phase("baton_warmup", () -> warmUp(baton));
    }
    if (options.runs(Phase.SATURATION)) {
      phase(
          Phase.SATURATION,
          () -> {
            for (WorkflowShape shape : options.shapes()) {
              record(
                  results.saturation,
                  baton.measure(
                      Workload.upFront(
                          "saturation/" + shape.label(),
                          shape,
                          options.workflows(),
                          options.tasks(),
                          0)));
            }
            // The limit again, after Baton: the machine is shared, and drift shows here.
            if (options.runs(Phase.LIMIT)) {
              record(
                  results.limits,
                  limit.run("limit/again", options.limitRecords(), options.limitKeys()));
            }
          });
    }
    if (options.runs(Phase.STEADY)) {
      phase(
          Phase.STEADY,
          () -> {
            for (Measurement saturated : List.copyOf(results.saturation)) {
              WorkflowShape shape =
                  WorkflowShape.valueOf(
                      saturated.shape().toUpperCase(Locale.ROOT).replace('-', '_'));
              double rate = saturated.workflowsPerSecond() / 2;
              int workflows = (int) Math.max(1, Math.round(rate * options.steadySeconds()));
              record(
                  results.steady,
                  baton.measure(
                      new Workload(
                          "steady/" + shape.label(), shape, workflows, options.tasks(), 0, rate)));
            }
          });
    }
    if (options.runs(Phase.SCALING)) {
      phase(
          Phase.SCALING,
          () -> {
            series(
                results.fanOutScaling,
                options.scalingSizes(),
                (size, again) -> baton.measure(scaling(WorkflowShape.FAN_OUT, size, again)));
            series(
                results.chainScaling,
                options.chainScalingSizes(),
                (size, again) -> baton.measure(scaling(WorkflowShape.CHAIN, size, again)));
          });
    }
    if (options.runs(Phase.INSTANCES)) {
      phase(
          Phase.INSTANCES,
          () -> {
            int workflows = Math.max(1, options.scalingTasks() / 10);
            series(
                results.held,
                List.of(10, options.heldInstances()),
                (held, again) ->
                    baton.measure(
                        Workload.upFront(
                            "instances/held-" + held + (again ? "/again" : ""),
                            WorkflowShape.CHAIN,
                            workflows,
                            10,
                            held)));
          });
    }
    if (options.runs(Phase.OPERATOR)) {
      phase(
          Phase.OPERATOR,
          () -> {
            // The cost of keeping history and DefinitionMetrics: the same saturation workload with
            // both, without history, without DefinitionMetrics, with both again; after a warm-up.
            // Fan-outs: a chain's pace is its turnaround, a fan-out's the stream thread's.
            baton.measure(
                Workload.upFront(
                    "history/warm-up",
                    WorkflowShape.FAN_OUT,
                    options.workflows(),
                    options.tasks(),
                    0));
            Workload chains =
                Workload.upFront(
                    "history/with", WorkflowShape.FAN_OUT, options.workflows(), options.tasks(), 0);
            record(results.history, baton.measure(chains));
            record(
                results.history,
                baton.measure(
                    chains.with(
                        "history/without",
                        new BatonTopology.Options(
                            false, true, BatonTopology.Options.DEFAULT_WINDOW_MS))));
            record(
                results.history,
                baton.measure(
                    chains.with(
                        "history/without-definition-metrics",
                        new BatonTopology.Options(
                            true, false, BatonTopology.Options.DEFAULT_WINDOW_MS))));
            record(
                results.history,
                baton.measure(
                    Workload.upFront(
                        "history/with-again",
                        WorkflowShape.FAN_OUT,
                        options.workflows(),
                        options.tasks(),
                        0)));
            results.operator =
                new OperatorBenchmark(progress)
                    .run(
                        List.of(10, options.heldInstances(), options.memoryInstances()),
                        options.scalingSizes().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(10_000));
          });
    }
    if (options.runs(Phase.MEMORY)) {
      phase(
          Phase.MEMORY,
          () -> {
            results.memory = new MemoryBenchmark(cluster, options).run(options.memoryInstances());
            progress.printf(
                Locale.ROOT,
                "bench:   memory: %,d finished instances, heap %.1f MB," + " RSS %.1f MB%n",
                results.memory.instances(),
                results.memory.heapUsedBytes() / 1048576.0,
                results.memory.rssBytes() / 1048576.0);
          });
    }
  }

  private boolean runsAnyBatonPhase() {
    return List.of(Phase.SATURATION, Phase.STEADY, Phase.SCALING, Phase.INSTANCES).stream()
        .anyMatch(options::runs);
  }

  private Workload scaling(WorkflowShape shape, int size, boolean again) {
    int workflows = Math.max(1, Math.round((float) options.scalingTasks() / size));
    return Workload.upFront(
        "scaling/" + shape.label() + "-" + size + (again ? "/again" : ""),
        shape,
        workflows,
        size,
        0);
  }

  /** A round's CPU per task must fall by this much below the best before it to go on. */
  private static final double WARMUP_GAIN = 0.05;

  private void warmUp(BatonBenchmark baton) {
    int workflows = Math.max(20, options.workflows() / 2);
    double best = Double.MAX_VALUE;
    for (int round = 1; round <= options.warmupRounds(); round++) {
      long cpuNanos = 0;
      long tasks = 0;
      for (WorkflowShape shape : options.shapes()) {
        Measurement m =
            baton.measure(
                Workload.upFront(
                    "warm-up/" + round + "/" + shape.label(),
                    shape,
                    workflows,
                    options.tasks(),
                    0));
        cpuNanos += m.processCpuNanos() >= 0 ? m.processCpuNanos() : m.appCpuNanos();
        tasks += m.tasks();
      }
      double perTask = cpuNanos / 1e3 / tasks;
      results.warmupCpuMicrosPerTask.add(perTask);
      progress.printf(Locale.ROOT, "warm-up round %d: %.0f us of CPU per task%n", round, perTask);
      if (perTask > best * (1 - WARMUP_GAIN)) {
        return;
      }
      best = perTask;
    }
  }

  /**
   * Measures each size, then the first (the reference) once more: the JIT is still warming up as
   * the run goes on, which would otherwise favour whatever is measured last.
   */
  private void series(List<Measurement> into, List<Integer> sizes, SeriesRun run) {
    for (int size : sizes) {
      record(into, run.measure(size, false));
    }
    if (sizes.size() > 1) {
      record(into, run.measure(sizes.get(0), true));
    }
  }

  @FunctionalInterface
  private interface SeriesRun {
    Measurement measure(int size, boolean again);
  }

  private void phase(Phase phase, Runnable body) {
    phase(phase.label(), body);
  }

  private void phase(String name, Runnable body) {
    progress.println("bench: " + name);
    long started = System.nanoTime();
    body.run();
    results.phaseSeconds.put(name, (System.nanoTime() - started) / 1e9);
  }

  private void record(List<Measurement> into, Measurement m) {
    into.add(m);
    progress.printf(
        Locale.ROOT,
        "bench:   %-24s %8.2f s %,10.0f records/s%s%n",
        m.name(),
        m.seconds(),
        m.recordsPerSecond(),
        m.shape() == null
            ? ""
            : String.format(
                Locale.ROOT,
                " %,8.0f tasks/s  p99 %s ms",
                m.tasksPerSecond(),
                m.latency().count() == 0
                    ? "-"
                    : String.format(Locale.ROOT, "%.1f", m.latency().p99Ms())));
  }
}
