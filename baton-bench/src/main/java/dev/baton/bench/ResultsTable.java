package dev.baton.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToLongFunction;

/** The report as a text table, for people. */
final class ResultsTable {

  private static final String ROW = "%-26s %12s %7s %8s %10s %9s %8s %8s %8s %9s %9s %7s%n";

  private ResultsTable() {}

  static String render(BenchResults r) {
    StringBuilder out = new StringBuilder();
    MachineInfo m = r.machine;
    out.append(
        String.format(
            Locale.ROOT,
            "%nBaton benchmark, %s run, %s%n",
            r.options.quick() ? "QUICK (small sizes, smoke test)" : "full",
            r.startedAt));
    out.append(
        String.format(
            Locale.ROOT,
            "machine: %d cores (%s), %.1f GiB, Java %s, %s%n",
            m.cores(),
            m.cpuModel(),
            m.memoryBytes() / (1024.0 * 1024 * 1024),
            m.javaVersion(),
            m.os()));
    out.append(
        String.format(
            Locale.ROOT,
            "settings: exactly_once_v2, commit.interval.ms %d, %d"
                + " partition(s) per topic, 1 stream thread (Baton: one per partition, up to its"
                + " num.stream.threads), broker in its own JVM (%s)%n"
                + "Baton's own settings, over those: %s%n%n",
            r.options.commitIntervalMs(),
            r.options.partitions(),
            String.join(" ", r.options.brokerJvmOptions()),
            batonSettings(r.options)));
    out.append(
        String.format(
            Locale.ROOT,
            ROW,
            "measurement",
            "wf x tasks",
            "held",
            "seconds",
            "records/s",
            "tasks/s",
            "wf/s",
            "p50 ms",
            "p99 ms",
            "us/task",
            "cpu us/t",
            "out/in"));
    for (List<Measurement> group :
        List.of(r.limits, r.saturation, r.steady, r.fanOutScaling, r.chainScaling, r.held)) {
      for (Measurement x : group) {
        boolean baton = x.shape() != null;
        out.append(
            String.format(
                Locale.ROOT,
                ROW,
                x.name(),
                baton ? x.workflows() + " x " + x.tasksPerWorkflow() : "-",
                baton ? count(x.heldInstances()) : "-",
                fixed(x.seconds(), 2),
                whole(x.recordsPerSecond()),
                baton ? whole(x.tasksPerSecond()) : "-",
                baton ? fixed(x.workflowsPerSecond(), 1) : "-",
                x.latency().count() > 0 ? fixed(x.latency().p50Ms(), 1) : "-",
                x.latency().count() > 0 ? fixed(x.latency().p99Ms(), 1) : "-",
                baton ? fixed(x.microsPerTask(), 1) : "-",
                baton ? fixed(x.appCpuMicrosPerTask(), 1) : fixed(x.appCpuMicrosPerRecord(), 2),
                fixed(x.outputsPerInput(), 2)));
      }
    }
    out.append(System.lineSeparator());
    line(
        out,
        "limit records/s (in+out)",
        whole(r.limitRecordsPerSecond())
            + (r.limits.size() > 1 ? "  (mean of " + runs(r.limits) + ")" : ""));
    line(
        out,
        "Baton records/s (in+out)",
        whole(r.batonRecordsPerSecond()) + "  (saturation, all shapes)");
    line(out, "ratio_to_limit", fixed(r.ratioToLimit(), 3));
    line(
        out,
        "tasks/s, workflows/s",
        whole(r.tasksPerSecond()) + ", " + fixed(r.workflowsPerSecond(), 1) + "  (saturation)");
    line(
        out,
        "latency p50 / p99",
        fixed(r.saturationLatency().p50Ms(), 1)
            + " / "
            + fixed(r.saturationLatency().p99Ms(), 1)
            + " ms at saturation, "
            + fixed(r.steadyLatency().p50Ms(), 1)
            + " / "
            + fixed(r.steadyLatency().p99Ms(), 1)
            + " ms at half of it");
    ratioLine(out, "fan-out per task vs 10 tasks", r.fanOutScaling, Measurement::tasksPerWorkflow);
    ratioLine(out, "chain per task vs 10 tasks", r.chainScaling, Measurement::tasksPerWorkflow);
    ratioLine(out, "per task, instances held", r.held, Measurement::heldInstances);
    if (r.memory != null) {
      MemoryFigures mem = r.memory;
      line(
          out,
          "memory, " + count(mem.instances()) + " finished",
          String.format(
              Locale.ROOT,
              "heap %.1f MB after GC, RSS %.1f MB (peak %.1f MB),"
                  + " state dir %.1f MB on disk; loaded at %s commands/s",
              mb(mem.heapUsedBytes()),
              mb(mem.rssBytes()),
              mb(mem.peakRssBytes()),
              mb(mem.stateDirBytes()),
              whole(mem.commandsPerSecond())));
    }
    if (!r.warmupCpuMicrosPerTask.isEmpty()) {
      StringJoiner rounds = new StringJoiner(", ");
      r.warmupCpuMicrosPerTask.forEach(perTask -> rounds.add(fixed(perTask, 0)));
      line(out, "warm-up, cpu us/task by round", rounds + " (the whole benchmark JVM)");
    }
    StringJoiner phases = new StringJoiner(", ");
    r.phaseSeconds.forEach((phase, seconds) -> phases.add(phase + " " + fixed(seconds, 0)));
    line(out, "durations (s)", "total " + fixed(r.totalSeconds, 0) + ": " + phases);
    return out.toString();
  }

  private static void ratioLine(
      StringBuilder out, String label, List<Measurement> series, ToLongFunction<Measurement> key) {
    if (series.size() < 2) {
      return;
    }
    Map<Long, Double> wall = BenchResults.ratios(series, Measurement::microsPerTask, key);
    Map<Long, Double> cpu = BenchResults.ratios(series, Measurement::appCpuMicrosPerTask, key);
    StringJoiner text = new StringJoiner(", ");
    wall.forEach(
        (k, ratio) ->
            text.add(
                count(k) + ": " + fixed(ratio, 2) + "x wall, " + fixed(cpu.get(k), 2) + "x cpu"));
    line(out, label + " " + count(key.applyAsLong(series.get(0))), text.toString());
  }

  private static String runs(List<Measurement> runs) {
    StringJoiner text = new StringJoiner(", ");
    runs.forEach(m -> text.add(whole(m.recordsPerSecond())));
    return text.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-32s %s%n", label, value));
  }

  private static String whole(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String fixed(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** What the Baton applications ran with beyond the shared settings. */
  private static String batonSettings(BenchOptions options) {
    java.util.Map<String, String> settings =
        new java.util.LinkedHashMap<>(dev.baton.topology.StreamsTuning.defaults());
    settings.putAll(options.batonConfig());
    return settings.isEmpty() ? "none" : settings.toString();
  }
}
