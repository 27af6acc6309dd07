package dev.baton.topology;

import dev.baton.engine.EngineConfig;
import dev.baton.protocol.TopicNames;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The wiring: two co-partitioned input topics into one engine processor with two persistent stores,
 * and four sinks. Every topic, store and node name is defined here once.
 */
public final class BatonTopology {

  /** One small header per instance. */
  public static final String INSTANCES_STORE = "baton-instances";

  /** Per-instance tasks, groups, plan and indexes, under keys prefixed with the instance id. */
  public static final String ENTRIES_STORE = "baton-entries";

  /** Every status event of every instance held, as written: {@code instanceId/seq}. */
  public static final String HISTORY_STORE = "baton-history";

  /**
   * The lists of the live statuses (PENDING, RUNNING, PAUSED), in memory with a changelog: every
   * instance leaves them again, and in RocksDB each of those deletes would stay a tombstone that
   * every later page of the status steps over.
   */
  public static final String LIVE_LISTS_STORE = "baton-live-lists";

  /** DefinitionMetrics windows: workflowId by window start. */
  public static final String DEFINITION_WINDOWS_STORE = "baton-definition-windows";

  /**
   * The engine task's definition facts not sent yet, added up per definition and window ({@link
   * PendingFacts}): in memory, cached, with a changelog.
   */
  public static final String DEFINITION_PENDING_STORE = "baton-definition-pending";

  /** The running gauge of each definition: workflowId to instances RUNNING or PAUSED. */
  public static final String DEFINITION_RUNNING_STORE = "baton-definition-running";

  /** How long definition windows are kept, for the windows query. */
  static final Duration DEFINITION_WINDOW_RETENTION = Duration.ofDays(1);

  static final String DEFINITION_FACTS_SINK = "definition-facts-sink";
  static final String DEFINITION_FACTS_SOURCE = "definition-facts-source";
  static final String DEFINITION_METRICS = "definition-metrics";
  static final String DEFINITION_METRICS_SINK = "definition-metrics-sink";

  /** What a topology keeps and publishes beyond the engine's own records. */
  public record Options(boolean keepHistory, boolean definitionMetrics, long definitionWindowMs) {

    public static final long DEFAULT_WINDOW_MS = 60_000;

    public static final Options DEFAULTS = new Options(true, true, DEFAULT_WINDOW_MS);

    public Options {
      if (definitionWindowMs < 1_000) {
        throw new IllegalArgumentException("definition metrics windows are 1 s or longer");
      }
    }
  }

  /**
   * The facts topic between the engine and the DefinitionMetrics sub-topology, keyed by workflowId:
   * named after the commands topic, and created by the server beside the other topics.
   */
  public static String definitionFactsTopic(TopicNames topics) {
    return topics.commands() + ".definition-facts";
  }

  static final String COMMANDS_SOURCE = "commands-source";
  static final String RESULTS_SOURCE = "task-results-source";
  static final String ENGINE = "engine";
  static final String STATUS_SINK = "status-sink";
  static final String DISPATCH_SINK = "task-dispatch-sink";
  static final String METRICS_SINK = "metrics-sink";
  static final String DEAD_LETTER_SINK = "dead-letter-sink";

  /**
   * Timer ticks go back into the task's own partition of the results topic: when the engine reads
   * one, every result appended before it has been processed, so a timeout fired then cannot beat a
   * result that was written in time (see {@link EngineProcessor}).
   */
  static final String TICK_SINK = "timer-tick-sink";

  /** Records larger than this are dead letters: one input must not hold a partition hostage. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

  private BatonTopology() {}

  public static Topology build() {
    return build(TopicNames.DEFAULTS, EngineConfig.DEFAULTS, DEFAULT_MAX_RECORD_BYTES);
  }

  public static Topology build(TopicNames topics, EngineConfig engineConfig, int maxRecordBytes) {
    return build(topics, engineConfig, maxRecordBytes, TimerSettings.DEFAULTS);
  }

  public static Topology build(
      TopicNames topics, EngineConfig engineConfig, int maxRecordBytes, TimerSettings timers) {
    return build(topics, engineConfig, maxRecordBytes, timers, null);
  }

  /**
   * @param ticks writes timer ticks outside the tasks' transactions; null to write them through the
   *     topology's own sink
   */
  public static Topology build(
      TopicNames topics,
      EngineConfig engineConfig,
      int maxRecordBytes,
      TimerSettings timers,
      TickSender ticks) {
    return build(topics, engineConfig, maxRecordBytes, timers, ticks, true);
  }

  /**
   * @param keepHistory whether every status event is also kept in {@link #HISTORY_STORE}, for the
   *     history API
   */
  public static Topology build(
      TopicNames topics,
      EngineConfig engineConfig,
      int maxRecordBytes,
      TimerSettings timers,
      TickSender ticks,
      boolean keepHistory) {
    return build(
        topics,
        engineConfig,
        maxRecordBytes,
        timers,
        ticks,
        new Options(keepHistory, true, Options.DEFAULT_WINDOW_MS));
  }

  public static Topology build(
      TopicNames topics,
      EngineConfig engineConfig,
      int maxRecordBytes,
      TimerSettings timers,
      TickSender ticks,
      Options options) {
    return build(topics, engineConfig, maxRecordBytes, timers, ticks, options, null);
  }

  /**
   * @param listener told what the engine processor did (the server's Prometheus meters); null for
   *     none
   */
  public static Topology build(
      TopicNames topics,
      EngineConfig engineConfig,
      int maxRecordBytes,
      TimerSettings timers,
      TickSender ticks,
      Options options,
      EngineListener listener) {
    boolean keepHistory = options.keepHistory();
    Topology topology = new Topology();
    topology.addSource(
        COMMANDS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.commands());
    topology.addSource(
        RESULTS_SOURCE,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        topics.taskResults());
    topology.addProcessor(
        ENGINE,
        () ->
            new EngineProcessor(
                topics,
                engineConfig,
                maxRecordBytes,
                timers,
                ticks,
                keepHistory,
                options.definitionMetrics() ? options.definitionWindowMs() : 0,
                listener),
        COMMANDS_SOURCE,
        RESULTS_SOURCE);
    // The header store is cached: a header rewritten by several events of one commit reaches
    // RocksDB and its changelog once, when the commit flushes the cache (in its transaction). The
    // entries store is not: its keys are mostly written once per commit, and a large instance's
    // tens of thousands of entries overflowed the cache into constant eviction (a 10,000-task
    // fan-out cost 2x per task with it, docs/BENCHMARKS.md).
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                LeanPositionStore.of(Stores.persistentKeyValueStore(INSTANCES_STORE)),
                Serdes.String(),
                StateSerdes.instances())
            .withCachingEnabled(),
        ENGINE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                LeanPositionStore.of(Stores.persistentKeyValueStore(ENTRIES_STORE)),
                Serdes.String(),
                StateSerdes.entries())
            .withCachingDisabled(),
        ENGINE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                LeanPositionStore.of(Stores.inMemoryKeyValueStore(LIVE_LISTS_STORE)),
                Serdes.String(),
                StateSerdes.entries())
            .withCachingDisabled(),
        ENGINE);
    if (keepHistory) {
      // Cached: an instance's events go to one chunk (HistoryKeys), rewritten by each event and
      // written to RocksDB and the changelog once per commit.
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
                  LeanPositionStore.of(Stores.persistentKeyValueStore(HISTORY_STORE)),
                  Serdes.String(),
                  Serdes.ByteArray())
              .withCachingEnabled(),
          ENGINE);
    }
    StringSerializer keys = new StringSerializer();
    ByteArraySerializer values = new ByteArraySerializer();
    topology.addSink(STATUS_SINK, topics.status(), keys, values, ENGINE);
    topology.addSink(DISPATCH_SINK, topics.taskDispatch(), keys, values, ENGINE);
    topology.addSink(METRICS_SINK, topics.metrics(), keys, values, ENGINE);
    topology.addSink(DEAD_LETTER_SINK, topics.deadLetter(), keys, values, ENGINE);
    topology.addSink(TICK_SINK, topics.taskResults(), keys, values, TimerTick.PARTITIONER, ENGINE);
    if (options.definitionMetrics()) {
      // Cached: a sum rewritten by many inputs of one commit reaches the changelog once.
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
                  LeanPositionStore.of(Stores.inMemoryKeyValueStore(DEFINITION_PENDING_STORE)),
                  Serdes.String(),
                  Serdes.ByteArray())
              .withCachingEnabled(),
          ENGINE);
      // Its own sub-topology: facts keyed by workflowId, so each definition's windows live in one
      // task, whichever partitions hold its instances.
      String facts = definitionFactsTopic(topics);
      topology.addSink(DEFINITION_FACTS_SINK, facts, keys, values, ENGINE);
      topology.addSource(
          DEFINITION_FACTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), facts);
      long windowMs = options.definitionWindowMs();
      topology.addProcessor(
          DEFINITION_METRICS,
          () -> new DefinitionMetricsProcessor(windowMs),
          DEFINITION_FACTS_SOURCE);
      topology.addStateStore(
          Stores.windowStoreBuilder(
              Stores.persistentWindowStore(
                  DEFINITION_WINDOWS_STORE,
                  DEFINITION_WINDOW_RETENTION,
                  Duration.ofMillis(windowMs),
                  false),
              Serdes.String(),
              Serdes.ByteArray()),
          DEFINITION_METRICS);
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
              LeanPositionStore.of(Stores.persistentKeyValueStore(DEFINITION_RUNNING_STORE)),
              Serdes.String(),
              Serdes.Long()),
          DEFINITION_METRICS);
      topology.addSink(DEFINITION_METRICS_SINK, topics.metrics(), keys, values, DEFINITION_METRICS);
    }
    return topology;
  }
}
