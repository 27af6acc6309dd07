package dev.baton.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.topology.StreamsTuning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What a run measured, filled in phase by phase, and the headline figures derived from it. A phase
 * that did not run leaves its figures unknown (null in the JSON).
 */
public final class BenchResults {

  /** Kafka Streams' default; neither measured topology enables caching on its stores. */
  static final long RECORD_CACHE_BYTES = 10L * 1024 * 1024;

  /** Kafka Streams' RocksDB defaults, per persistent store. */
  static final long ROCKSDB_BLOCK_CACHE_BYTES = 50L * 1024 * 1024;

  static final long ROCKSDB_WRITE_BUFFER_BYTES = 16L * 1024 * 1024;
  static final int ROCKSDB_MAX_WRITE_BUFFERS = 3;

  final BenchOptions options;
  final MachineInfo machine;
  final Instant startedAt;
  final List<Measurement> limits = new ArrayList<>();
  final List<Measurement> saturation = new ArrayList<>();
  final List<Measurement> steady = new ArrayList<>();
  final List<Measurement> fanOutScaling = new ArrayList<>();
  final List<Measurement> chainScaling = new ArrayList<>();
  final List<Measurement> held = new ArrayList<>();

  /** Saturation with and without the history store, side by side. */
  final List<Measurement> history = new ArrayList<>();

  /** List and history page costs (see OperatorBenchmark); null when not run. */
  ObjectNode operator;

  MemoryFigures memory;

  /**
   * The CPU of the whole benchmark JVM per task (JIT compiler threads included) of each round of
   * Baton's warm-up, in order.
   */
  final List<Double> warmupCpuMicrosPerTask = new ArrayList<>();

  final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
  double totalSeconds = Double.NaN;

  BenchResults(BenchOptions options, MachineInfo machine, Instant startedAt) {
    this.options = options;
    this.machine = machine;
    this.startedAt = startedAt;
  }

  /** The limit application's records in+out per second, the mean of its runs. */
  public double limitRecordsPerSecond() {
    return limits.stream().mapToDouble(Measurement::recordsPerSecond).average().orElse(Double.NaN);
  }

  /** Baton's records in+out per second at saturation, over all shapes. */
  public double batonRecordsPerSecond() {
    return rate(saturation, m -> m.inputRecords() + m.outputRecords());
  }

  public double ratioToLimit() {
    return batonRecordsPerSecond() / limitRecordsPerSecond();
  }

  public double tasksPerSecond() {
    return rate(saturation, Measurement::tasks);
  }

  public double workflowsPerSecond() {
    return rate(saturation, Measurement::workflows);
  }

  public LatencySamples saturationLatency() {
    return LatencySamples.pool(saturation.stream().map(Measurement::latency).toList());
  }

  public LatencySamples steadyLatency() {
    return LatencySamples.pool(steady.stream().map(Measurement::latency).toList());
  }

  /** Total of {@code amount} over total seconds. */
  private static double rate(List<Measurement> runs, ToDoubleFunction<Measurement> amount) {
    double seconds = runs.stream().mapToDouble(Measurement::seconds).sum();
    return seconds == 0 ? Double.NaN : runs.stream().mapToDouble(amount).sum() / seconds;
  }

  /**
   * The cost of each run of a series relative to the reference: the first run, and any repeat of it
   * (a series may measure its reference before and after the others, so that the JIT warming up as
   * the run goes on does not favour the later runs). Keyed by what varies (workflow size, instances
   * held); the mean over runs with the same key.
   */
  static Map<Long, Double> ratios(
      List<Measurement> series,
      ToDoubleFunction<Measurement> cost,
      ToLongFunction<Measurement> key) {
    Map<Long, Double> ratios = new LinkedHashMap<>();
    if (series.isEmpty()) {
      return ratios;
    }
    long referenceKey = key.applyAsLong(series.get(0));
    Map<Long, List<Double>> costs = new LinkedHashMap<>();
    for (Measurement m : series) {
      costs.computeIfAbsent(key.applyAsLong(m), k -> new ArrayList<>()).add(cost.applyAsDouble(m));
    }
    double reference = mean(costs.get(referenceKey));
    costs.forEach(
        (k, values) -> {
          if (k != referenceKey) {
            ratios.put(k, mean(values) / reference);
          }
        });
    return ratios;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Baton's records per second at saturation for each shape, over the limit's. */
  public Map<String, Double> ratioToLimitByShape() {
    Map<String, Double> ratios = new LinkedHashMap<>();
    saturation.forEach(m -> ratios.put(m.shape(), m.recordsPerSecond() / limitRecordsPerSecond()));
    return ratios;
  }

  private double rateOf(String name) {
    return history.stream()
        .filter(m -> m.name().equals(name))
        .mapToDouble(Measurement::tasksPerSecond)
        .findFirst()
        .orElse(0);
  }

  /** The report as JSON. */
  public ObjectNode json() {
    ObjectNode root = ReportJson.object();
    root.put("kind", options.quick() ? "quick" : "full");
    root.put("started_at", startedAt.toString());
    ReportJson.putFigure(root, "ratio_to_limit", ratioToLimit());
    ObjectNode byShape = root.putObject("ratio_to_limit_by_shape");
    ratioToLimitByShape().forEach((shape, ratio) -> ReportJson.putFigure(byShape, shape, ratio));
    ReportJson.putFigure(root, "limit_records_per_second", limitRecordsPerSecond());
    ReportJson.putFigure(root, "baton_records_per_second", batonRecordsPerSecond());
    ReportJson.putFigure(root, "tasks_per_second", tasksPerSecond());
    ReportJson.putFigure(root, "workflows_per_second", workflowsPerSecond());
    LatencySamples saturationLatency = saturationLatency();
    ReportJson.putFigure(root, "latency_p50_ms", saturationLatency.p50Ms());
    ReportJson.putFigure(root, "latency_p99_ms", saturationLatency.p99Ms());
    ReportJson.putFigure(root, "steady_tasks_per_second", rate(steady, Measurement::tasks));
    ReportJson.putFigure(root, "steady_workflows_per_second", rate(steady, Measurement::workflows));
    LatencySamples steadyLatency = steadyLatency();
    ReportJson.putFigure(root, "steady_latency_p50_ms", steadyLatency.p50Ms());
    ReportJson.putFigure(root, "steady_latency_p99_ms", steadyLatency.p99Ms());
    putRatios(
        root,
        "scaling_tasks_%d_vs_%d",
        fanOutScaling,
        Measurement::microsPerTask,
        Measurement::tasksPerWorkflow);
    putRatios(
        root,
        "scaling_cpu_tasks_%d_vs_%d",
        fanOutScaling,
        Measurement::appCpuMicrosPerTask,
        Measurement::tasksPerWorkflow);
    putRatios(
        root,
        "scaling_chain_tasks_%d_vs_%d",
        chainScaling,
        Measurement::microsPerTask,
        Measurement::tasksPerWorkflow);
    putRatios(
        root,
        "scaling_chain_cpu_tasks_%d_vs_%d",
        chainScaling,
        Measurement::appCpuMicrosPerTask,
        Measurement::tasksPerWorkflow);
    putRatios(
        root,
        "scaling_instances_%d_vs_%d",
        held,
        Measurement::microsPerTask,
        Measurement::heldInstances);
    putRatios(
        root,
        "scaling_cpu_instances_%d_vs_%d",
        held,
        Measurement::appCpuMicrosPerTask,
        Measurement::heldInstances);
    if (memory != null) {
      String n = ReportJson.count(memory.instances());
      ReportJson.putMegabytes(root, "heap_mb_" + n + "_finished", memory.heapUsedBytes());
      ReportJson.putMegabytes(root, "rss_mb_" + n + "_finished", memory.rssBytes());
      root.set("memory", memoryJson());
    }
    if (!history.isEmpty()) {
      ObjectNode cost = root.putObject("history_cost");
      for (Measurement m : history) {
        ReportJson.putFigure(cost, m.name().replace("history/", ""), m.tasksPerSecond());
      }
      double with =
          history.stream()
              .filter(m -> !m.name().contains("without"))
              .mapToDouble(Measurement::tasksPerSecond)
              .average()
              .orElse(0);
      double withoutHistory = rateOf("history/without");
      double withoutDefinitions = rateOf("history/without-definition-metrics");
      ReportJson.putFigure(
          cost, "ratio_with_history_to_without", withoutHistory == 0 ? 0 : with / withoutHistory);
      ReportJson.putFigure(
          cost,
          "ratio_with_definition_metrics_to_without",
          withoutDefinitions == 0 ? 0 : with / withoutDefinitions);
    }
    if (operator != null) {
      root.set("operator", operator);
    }
    root.set("machine", machineJson());
    root.set("settings", settingsJson());
    ArrayNode warmup = root.putArray("baton_warmup_cpu_us_per_task");
    warmupCpuMicrosPerTask.forEach(perTask -> warmup.add(Math.round(perTask * 10) / 10.0));
    ObjectNode durations = root.putObject("durations_seconds");
    ReportJson.putFigure(durations, "total", totalSeconds);
    phaseSeconds.forEach((phase, seconds) -> ReportJson.putFigure(durations, phase, seconds));
    ArrayNode all = root.putArray("measurements");
    for (List<Measurement> group :
        List.of(limits, saturation, steady, fanOutScaling, chainScaling, held, history)) {
      group.forEach(m -> all.add(measurementJson(m)));
    }
    return root;
  }

  private static void putRatios(
      ObjectNode root,
      String pattern,
      List<Measurement> series,
      ToDoubleFunction<Measurement> cost,
      ToLongFunction<Measurement> key) {
    if (series.isEmpty()) {
      return;
    }
    long reference = key.applyAsLong(series.get(0));
    ratios(series, cost, key)
        .forEach(
            (size, ratio) ->
                ReportJson.putFigure(root, String.format(pattern, size, reference), ratio));
  }

  private ObjectNode memoryJson() {
    ObjectNode node = ReportJson.object();
    node.put("finished_instances", memory.instances());
    ReportJson.putMegabytes(node, "heap_used_mb_after_gc", memory.heapUsedBytes());
    ReportJson.putMegabytes(node, "heap_committed_mb", memory.heapCommittedBytes());
    ReportJson.putMegabytes(node, "heap_max_mb", memory.heapMaxBytes());
    ReportJson.putMegabytes(node, "non_heap_used_mb", memory.nonHeapUsedBytes());
    ReportJson.putMegabytes(node, "rss_mb", memory.rssBytes());
    ReportJson.putMegabytes(node, "peak_rss_mb", memory.peakRssBytes());
    ReportJson.putMegabytes(node, "state_dir_mb", memory.stateDirBytes());
    ReportJson.putFigure(node, "produce_seconds", memory.produceSeconds());
    ReportJson.putFigure(node, "load_seconds", memory.loadSeconds());
    ReportJson.putFigure(node, "load_commands_per_second", memory.commandsPerSecond());
    node.put("app_jvm_options", String.join(" ", options.appJvmOptions()));
    return node;
  }

  private ObjectNode machineJson() {
    ObjectNode node = ReportJson.object();
    node.put("cores", machine.cores());
    ReportJson.putMegabytes(node, "memory_mb", machine.memoryBytes());
    node.put("cpu_model", machine.cpuModel());
    node.put("os", machine.os());
    node.put("java_version", machine.javaVersion());
    node.put("java_vm", machine.javaVm());
    return node;
  }

  private ObjectNode settingsJson() {
    ObjectNode node = ReportJson.object();
    node.put("processing_guarantee", "exactly_once_v2");
    node.put("commit_interval_ms", options.commitIntervalMs());
    node.put("partitions_per_topic", options.partitions());
    node.put("stream_threads", 1);
    node.put("statestore_cache_max_bytes", RECORD_CACHE_BYTES);
    node.put(
        "statestore_cache_note",
        "default; Baton caches its instance and entries stores, the limit application none");
    node.put("rocksdb_block_cache_bytes_per_store", ROCKSDB_BLOCK_CACHE_BYTES);
    node.put("rocksdb_write_buffer_bytes", ROCKSDB_WRITE_BUFFER_BYTES);
    node.put("rocksdb_max_write_buffers", ROCKSDB_MAX_WRITE_BUFFERS);
    node.put("broker", "single-node KRaft broker and controller in its own JVM");
    node.put("broker_jvm_options", String.join(" ", options.brokerJvmOptions()));
    node.put("limit_records", options.limitRecords());
    node.put("limit_keys", options.limitKeys());
    node.put("limit_value_bytes", options.limitValueBytes());
    node.put("warmup", options.warmup());
    node.put("warmup_rounds_max", options.warmupRounds());
    ObjectNode baton = node.putObject("baton_streams_settings");
    StreamsTuning.defaults().forEach(baton::put);
    options.batonConfig().forEach(baton::put);
    node.put("worker", "instant: a TaskCompleted per dispatch, idempotent producer, linger.ms 1");
    return node;
  }

  private static ObjectNode measurementJson(Measurement m) {
    ObjectNode node = ReportJson.object();
    node.put("name", m.name());
    if (m.shape() != null) {
      node.put("shape", m.shape());
      node.put("workflows", m.workflows());
      node.put("tasks_per_workflow", m.tasksPerWorkflow());
      node.put("tasks", m.tasks());
      node.put("held_instances", m.heldInstances());
      ReportJson.putFigure(node, "offered_workflows_per_second", m.offeredWorkflowsPerSecond());
    }
    ReportJson.putFigure(node, "seconds", m.seconds());
    node.put("input_records", m.inputRecords());
    node.put("output_records", m.outputRecords());
    ReportJson.putFigure(node, "outputs_per_input", m.outputsPerInput());
    ReportJson.putFigure(node, "records_per_second", m.recordsPerSecond());
    if (m.shape() != null) {
      ReportJson.putFigure(node, "tasks_per_second", m.tasksPerSecond());
      ReportJson.putFigure(node, "workflows_per_second", m.workflowsPerSecond());
      ReportJson.putFigure(node, "micros_per_task", m.microsPerTask());
      ReportJson.putFigure(node, "app_cpu_micros_per_task", m.appCpuMicrosPerTask());
    }
    ReportJson.putFigure(node, "app_cpu_micros_per_record", m.appCpuMicrosPerRecord());
    ReportJson.putFigure(node, "app_cpu_seconds", m.appCpuNanos() / 1e9);
    ReportJson.putFigure(
        node,
        "benchmark_jvm_cpu_seconds",
        m.processCpuNanos() < 0 ? Double.NaN : m.processCpuNanos() / 1e9);
    ReportJson.putFigure(
        node, "broker_cpu_seconds", m.brokerCpuNanos() < 0 ? Double.NaN : m.brokerCpuNanos() / 1e9);
    if (m.latency().count() > 0) {
      node.put("latency_samples", m.latency().count());
      ReportJson.putFigure(node, "latency_p50_ms", m.latency().p50Ms());
      ReportJson.putFigure(node, "latency_p99_ms", m.latency().p99Ms());
      ReportJson.putFigure(node, "latency_max_ms", m.latency().maxMs());
    }
    if (m.firstDispatchLatency().count() > 0) {
      ReportJson.putFigure(node, "first_dispatch_p50_ms", m.firstDispatchLatency().p50Ms());
      ReportJson.putFigure(node, "first_dispatch_p99_ms", m.firstDispatchLatency().p99Ms());
    }
    return node;
  }
}
