package dev.baton.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to measure and how big. {@link #fullDefaults()} is the recorded run (under 15 minutes on 2
 * cores); {@link #quickDefaults()} the smoke test (about 2 minutes). Every size can be overridden
 * on the command line.
 *
 * @param phases the parts to run, in the order of {@link Phase}
 * @param output where the JSON report goes
 * @param partitions partitions of every topic of a measurement
 * @param commitIntervalMs commit.interval.ms of every measured application
 * @param limitRecords records pre-produced for the limit application
 * @param limitKeys distinct keys over which they are spread
 * @param limitValueBytes the size of each value
 * @param workflows workflows per shape at saturation
 * @param tasks tasks per workflow at saturation and steady load
 * @param shapes the shapes measured at saturation and at steady load
 * @param steadySeconds how long workflows are submitted at the steady rate
 * @param scalingTasks total tasks per scaling measurement (the workflow count follows)
 * @param scalingSizes workflow sizes of the fan-out scaling series; the first is the reference
 * @param chainScalingSizes workflow sizes of the chain scaling series; the first is the reference
 * @param heldInstances finished instances held in state, compared with 10
 * @param memoryInstances finished instances held while heap and RSS are measured
 * @param warmup whether to run small untimed workloads first, so the JIT is warm for both sides
 * @param warmupRounds the most rounds of Baton's warm-up (half of each saturation workload each);
 *     it ends sooner once a round's CPU per task is no longer 5% below the best before it
 * @param waitTimeout the longest any single wait may take before the run fails
 * @param brokerJvmOptions options of the broker JVM
 * @param appJvmOptions options of the JVM in which the memory phase runs Baton
 * @param batonConfig Kafka Streams and client settings given to the Baton applications only, over
 *     Baton's shipped ones ({@code StreamsTuning}); for trying a setting side by side
 */
public record BenchOptions(
    boolean quick,
    Set<Phase> phases,
    Path output,
    int partitions,
    long commitIntervalMs,
    int limitRecords,
    int limitKeys,
    int limitValueBytes,
    int workflows,
    int tasks,
    List<WorkflowShape> shapes,
    int steadySeconds,
    int scalingTasks,
    List<Integer> scalingSizes,
    List<Integer> chainScalingSizes,
    int heldInstances,
    int memoryInstances,
    boolean warmup,
    int warmupRounds,
    Duration waitTimeout,
    List<String> brokerJvmOptions,
    List<String> appJvmOptions,
    Map<String, String> batonConfig) {

  /** The parts of a run, in the order they run. */
  public enum Phase {
    LIMIT,
    SATURATION,
    STEADY,
    SCALING,
    INSTANCES,
    MEMORY,
    OPERATOR;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Path DEFAULT_OUTPUT = Path.of("target", "benchmark.json");

  /** The heap Kafka's own start script gives a broker. */
  public static final List<String> DEFAULT_BROKER_JVM_OPTIONS = List.of("-Xmx1g");

  public BenchOptions {
    phases = Set.copyOf(phases);
    shapes = List.copyOf(shapes);
    scalingSizes = List.copyOf(scalingSizes);
    chainScalingSizes = List.copyOf(chainScalingSizes);
    brokerJvmOptions = List.copyOf(brokerJvmOptions);
    appJvmOptions = List.copyOf(appJvmOptions);
    batonConfig = Collections.unmodifiableMap(new LinkedHashMap<>(batonConfig));
    positive("--partitions", partitions);
    positive("--commit-interval-ms", commitIntervalMs);
    positive("--limit-records", limitRecords);
    positive("--limit-keys", limitKeys);
    positive("--limit-value-bytes", limitValueBytes);
    positive("--workflows", workflows);
    positive("--tasks", tasks);
    positive("--steady-seconds", steadySeconds);
    positive("--scaling-tasks", scalingTasks);
    positive("--held-instances", heldInstances);
    positive("--memory-instances", memoryInstances);
    positive("--warmup-rounds", warmupRounds);
    for (WorkflowShape shape : shapes) {
      if (tasks < shape.minTasks()) {
        throw new IllegalArgumentException(
            "--tasks must be at least "
                + shape.minTasks()
                + " for the "
                + shape.label()
                + " shape, got "
                + tasks);
      }
    }
    for (int size : scalingSizes) {
      if (size < WorkflowShape.FAN_OUT.minTasks()) {
        throw new IllegalArgumentException(
            "--scaling-sizes must be at least "
                + WorkflowShape.FAN_OUT.minTasks()
                + " (fan-out), got "
                + size);
      }
    }
    for (int size : chainScalingSizes) {
      positive("--chain-scaling-sizes", size);
    }
    if (phases.contains(Phase.STEADY) && !phases.contains(Phase.SATURATION)) {
      throw new IllegalArgumentException(
          "the steady phase offers half the saturation rate: include the saturation phase too");
    }
    if (phases.contains(Phase.SCALING) && scalingSizes.isEmpty() && chainScalingSizes.isEmpty()) {
      throw new IllegalArgumentException("the scaling phase needs at least one size");
    }
  }

  private static void positive(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }

  /** The recorded run. */
  public static BenchOptions fullDefaults() {
    return new BenchOptions(
        false,
        EnumSet.allOf(Phase.class),
        DEFAULT_OUTPUT,
        1,
        100,
        300_000,
        10_000,
        100,
        500,
        40,
        List.of(WorkflowShape.values()),
        20,
        20_000,
        List.of(10, 1_000, 10_000),
        List.of(10, 1_000),
        100_000,
        1_000_000,
        true,
        8,
        Duration.ofSeconds(600),
        DEFAULT_BROKER_JVM_OPTIONS,
        List.of(),
        Map.of());
  }

  /** The smoke test: every phase, small sizes. */
  public static BenchOptions quickDefaults() {
    return new BenchOptions(
        true,
        EnumSet.allOf(Phase.class),
        DEFAULT_OUTPUT,
        1,
        100,
        100_000,
        1_000,
        100,
        100,
        40,
        List.of(WorkflowShape.values()),
        4,
        4_000,
        List.of(10, 1_000, 10_000),
        List.of(10, 50),
        10_000,
        50_000,
        true,
        1,
        Duration.ofSeconds(180),
        DEFAULT_BROKER_JVM_OPTIONS,
        List.of(),
        Map.of());
  }

  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: bench [--quick] [options]",
          "       bench load [options]    (a load from outside on a running server: bench load"
              + " --help)",
          "Measures Baton against a minimal stateful Kafka Streams application on one broker.",
          "  --quick                   small sizes, about 2 minutes (defaults below: the full run's)",
          "  --output FILE             the JSON report (default target/benchmark.json)",
          "  --phases LIST             of limit,saturation,steady,scaling,instances,memory,operator"
              + " (all)",
          "  --partitions N            partitions per topic (default 1)",
          "  --commit-interval-ms N    commit.interval.ms of the measured applications (default 100)",
          "  --limit-records N         records through the limit application (300000)",
          "  --limit-keys N            distinct keys among them (10000)",
          "  --limit-value-bytes N     value size (100)",
          "  --workflows N             workflows per shape at saturation (500)",
          "  --tasks N                 tasks per workflow at saturation and steady load (40)",
          "  --shapes LIST             of chain,fan-out,layered (default all)",
          "  --steady-seconds N        submission time at the steady rate, per shape (20)",
          "  --scaling-tasks N         tasks per scaling measurement (20000)",
          "  --scaling-sizes LIST      fan-out workflow sizes (10,1000,10000), or none; the first is",
          "                            the reference",
          "  --chain-scaling-sizes LIST chain workflow sizes (10,1000), or none; each step of a chain",
          "                            waits for a commit: N tasks take N commit intervals or more",
          "  --held-instances N        finished instances held, compared with 10 (100000)",
          "  --memory-instances N      finished instances held for the memory figures (1000000)",
          "  --no-warmup               skip the untimed warm-up workloads",
          "  --warmup-rounds N         the most rounds of Baton's warm-up, half of each saturation",
          "                            workload each (8; --quick 1); it ends once a round's CPU per",
          "                            task is no longer 5% below the best before it",
          "  --wait-timeout-s N        the longest any single wait may take (600)",
          "  --broker-jvm-opts OPTS    options of the broker JVM, space separated (-Xmx1g)",
          "  --app-jvm-opts OPTS       options of the JVM that runs Baton for the memory phase (none)",
          "  --baton-config K=V,...    Kafka Streams/client settings of the Baton applications only,",
          "                            over Baton's shipped ones (e.g. producer.linger.ms=20)",
          "  --help                    this text");

  /**
   * Parses command-line arguments.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  public static BenchOptions parse(String... args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    BenchOptions o = quick ? quickDefaults() : fullDefaults();
    Set<Phase> phases = EnumSet.copyOf(o.phases);
    Path output = o.output;
    int partitions = o.partitions;
    long commitIntervalMs = o.commitIntervalMs;
    int limitRecords = o.limitRecords;
    int limitKeys = o.limitKeys;
    int limitValueBytes = o.limitValueBytes;
    int workflows = o.workflows;
    int tasks = o.tasks;
    List<WorkflowShape> shapes = o.shapes;
    int steadySeconds = o.steadySeconds;
    int scalingTasks = o.scalingTasks;
    List<Integer> scalingSizes = o.scalingSizes;
    List<Integer> chainScalingSizes = o.chainScalingSizes;
    int heldInstances = o.heldInstances;
    int memoryInstances = o.memoryInstances;
    boolean warmup = o.warmup;
    int warmupRounds = o.warmupRounds;
    Duration waitTimeout = o.waitTimeout;
    List<String> brokerJvmOptions = o.brokerJvmOptions;
    List<String> appJvmOptions = o.appJvmOptions;
    Map<String, String> batonConfig = new LinkedHashMap<>(o.batonConfig);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> {}
        case "--no-warmup" -> warmup = false;
        case "--warmup-rounds" -> warmupRounds = integer(args, ++i, arg);
        case "--output" -> output = Path.of(value(args, ++i, arg));
        case "--phases" -> phases = phases(value(args, ++i, arg));
        case "--partitions" -> partitions = integer(args, ++i, arg);
        case "--commit-interval-ms" -> commitIntervalMs = integer(args, ++i, arg);
        case "--limit-records" -> limitRecords = integer(args, ++i, arg);
        case "--limit-keys" -> limitKeys = integer(args, ++i, arg);
        case "--limit-value-bytes" -> limitValueBytes = integer(args, ++i, arg);
        case "--workflows" -> workflows = integer(args, ++i, arg);
        case "--tasks" -> tasks = integer(args, ++i, arg);
        case "--shapes" -> shapes = shapes(value(args, ++i, arg));
        case "--steady-seconds" -> steadySeconds = integer(args, ++i, arg);
        case "--scaling-tasks" -> scalingTasks = integer(args, ++i, arg);
        case "--scaling-sizes" -> scalingSizes = integers(args, ++i, arg);
        case "--chain-scaling-sizes" -> chainScalingSizes = integers(args, ++i, arg);
        case "--held-instances" -> heldInstances = integer(args, ++i, arg);
        case "--memory-instances" -> memoryInstances = integer(args, ++i, arg);
        case "--wait-timeout-s" -> waitTimeout = Duration.ofSeconds(integer(args, ++i, arg));
        case "--broker-jvm-opts" -> brokerJvmOptions = words(value(args, ++i, arg));
        case "--app-jvm-opts" -> appJvmOptions = words(value(args, ++i, arg));
        case "--baton-config" -> batonConfig.putAll(settings(value(args, ++i, arg), arg));
        default ->
            throw new IllegalArgumentException(
                "unknown argument '" + arg + "' (--help lists the options)");
      }
    }
    return new BenchOptions(
        quick,
        phases,
        output,
        partitions,
        commitIntervalMs,
        limitRecords,
        limitKeys,
        limitValueBytes,
        workflows,
        tasks,
        shapes,
        steadySeconds,
        scalingTasks,
        scalingSizes,
        chainScalingSizes,
        heldInstances,
        memoryInstances,
        warmup,
        warmupRounds,
        waitTimeout,
        brokerJvmOptions,
        appJvmOptions,
        batonConfig);
  }

  /** {@code key=value,key=value}. */
  private static Map<String, String> settings(String text, String option) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(option + " takes key=value,...; got '" + pair + "'");
      }
      settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return settings;
  }

  public boolean runs(Phase phase) {
    return phases.contains(phase);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int integer(String[] args, int i, String option) {
    String text = value(args, i, option).replace("_", "");
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, got '" + text + "'");
    }
  }

  private static List<Integer> integers(String[] args, int i, String option) {
    List<Integer> values = new ArrayList<>();
    String text = value(args, i, option);
    if (text.equals("none")) {
      return values;
    }
    for (String part : text.split(",")) {
      try {
        values.add(Integer.parseInt(part.trim().replace("_", "")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option
                + " must be a comma-separated list of whole"
                + " numbers, got '"
                + args[i]
                + "'");
      }
    }
    return values;
  }

  private static Set<Phase> phases(String list) {
    Set<Phase> phases = EnumSet.noneOf(Phase.class);
    for (String part : list.split(",")) {
      String name = part.trim();
      phases.add(
          Arrays.stream(Phase.values())
              .filter(p -> p.label().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown phase '"
                              + name
                              + "' (phases: limit, saturation, steady, scaling, instances, memory)")));
    }
    return phases;
  }

  private static List<WorkflowShape> shapes(String list) {
    List<WorkflowShape> shapes = new ArrayList<>();
    for (String part : list.split(",")) {
      String name = part.trim();
      shapes.add(
          Arrays.stream(WorkflowShape.values())
              .filter(s -> s.label().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown shape '" + name + "' (shapes: chain, fan-out, layered)")));
    }
    return shapes;
  }

  private static List<String> words(String text) {
    return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
  }
}
