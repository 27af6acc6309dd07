package dev.baton.server;

import dev.baton.engine.ProcessingResult;
import dev.baton.engine.state.TimerKind;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.WorkflowCancelled;
import dev.baton.protocol.event.WorkflowCompleted;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.output.DeadLetterReason;
import dev.baton.topology.EngineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The server's Prometheus meters ({@code GET /metrics}): what the engine processor reports, as
 * {@link EngineListener}, and Kafka Streams' own metrics through Micrometer's binder.
 *
 * <p>In the text format, with the labels each has:
 *
 * <ul>
 *   <li>{@code baton_inputs_total{type}}: input records that parsed, by their wire type
 *   <li>{@code baton_rejections_total{reason}}: {@code CommandRejected} events, by reason
 *   <li>{@code baton_dead_letters_total{reason}}: records sent to the dead-letter topic
 *   <li>{@code baton_duplicates_ignored_total}: inputs taken as documented duplicates
 *   <li>{@code baton_timers_fired_total{kind}} and {@code baton_timer_lag_seconds{kind}} (a
 *       histogram): timers fired, and how long after their due time
 *   <li>{@code baton_dispatches_total}: task dispatches written
 *   <li>{@code baton_workflows_ended_total{status}}: COMPLETED, FAILED or CANCELLED events
 *   <li>{@code kafka_stream_*}, {@code kafka_consumer_*}, {@code kafka_producer_*}, ...: Kafka
 *       Streams and its clients, as Micrometer's {@link KafkaStreamsMetrics} names them
 * </ul>
 *
 * <p>Every label value a counter can have is registered at 0 up front, so a rate over it exists
 * before the first occurrence. The counts are this server's since it started, and count processing:
 * work in a transaction that aborts and is processed again counts again.
 */
public final class BatonMeters implements EngineListener, AutoCloseable {

  /** The wire types of the inputs, as the contract names them. */
  static final List<String> INPUT_TYPES =
      List.of(
          "CreateWorkflow",
          "StartWorkflow",
          "PauseWorkflow",
          "ResumeWorkflow",
          "CancelWorkflow",
          "RetryWorkflow",
          "TaskCompleted",
          "TaskFailed");

  /** The terminal statuses a workflow ends in. */
  static final List<WorkflowStatus> ENDED =
      List.of(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

  /** How often the binder looks for Kafka metrics made since (a task's, after a rebalance). */
  private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

  /** The histogram's buckets: a tick's interval is about a second; minutes mean a backlog. */
  private static final Duration[] LAG_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15)
  };

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> inputs = new ConcurrentHashMap<>();
  private final Map<RejectionReason, Counter> rejections = new EnumMap<>(RejectionReason.class);
  private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
  private final Map<TimerKind, Counter> timersFired = new EnumMap<>(TimerKind.class);
  private final Map<TimerKind, Timer> timerLag = new EnumMap<>(TimerKind.class);
  private final Map<WorkflowStatus, Counter> ended = new EnumMap<>(WorkflowStatus.class);
  private final Counter duplicates;
  private final Counter dispatches;
  private KafkaStreamsMetrics streamsMetrics;
  private ScheduledExecutorService refresher;

  public BatonMeters() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  BatonMeters(PrometheusMeterRegistry registry) {
    this.registry = registry;
    INPUT_TYPES.forEach(this::inputCounter);
    for (RejectionReason reason : RejectionReason.values()) {
      rejections.put(
          reason,
          Counter.builder("baton.rejections")
              .description("Commands and results refused with a CommandRejected, by reason")
              .tag("reason", reason.name())
              .register(registry));
    }
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLetters.put(
          reason,
          Counter.builder("baton.dead.letters")
              .description("Input records sent to the dead-letter topic, by reason")
              .tag("reason", reason.name())
              .register(registry));
    }
    for (TimerKind kind : TimerKind.values()) {
      timersFired.put(
          kind,
          Counter.builder("baton.timers.fired")
              .description("Timers fired (timeouts, retries, workflow deadlines, retention)")
              .tag("kind", kind.name())
              .register(registry));
      timerLag.put(
          kind,
          Timer.builder("baton.timer.lag")
              .description("How long after its due time a timer fired")
              .tag("kind", kind.name())
              .serviceLevelObjectives(LAG_BUCKETS)
              .register(registry));
    }
    for (WorkflowStatus status : ENDED) {
      ended.put(
          status,
          Counter.builder("baton.workflows.ended")
              .description("Workflow instances that ended, by terminal status")
              .tag("status", status.name())
              .register(registry));
    }
    duplicates =
        Counter.builder("baton.duplicates.ignored")
            .description("Inputs ignored as documented duplicates (a seen commandId, a resend)")
            .register(registry);
    dispatches =
        Counter.builder("baton.dispatches")
            .description("Task dispatches written to the task-dispatch topic")
            .register(registry);
  }

  private Counter inputCounter(String type) {
    return inputs.computeIfAbsent(
        type,
        t ->
            Counter.builder("baton.inputs")
                .description("Input records (commands and task results) that parsed, by type")
                .tag("type", t)
                .register(registry));
  }

  /**
   * Adds Kafka Streams' metrics (and its clients'), read from {@code streams} at each scrape; ones
   * made later, such as a newly assigned task's, appear within {@link #KAFKA_METRICS_REFRESH}.
   */
  public synchronized void bind(KafkaStreams streams) {
    if (streamsMetrics != null) {
      throw new IllegalStateException("Kafka Streams is bound already");
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "baton-kafka-metrics");
              thread.setDaemon(true);
              return thread;
            });
    streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), refresher, KAFKA_METRICS_REFRESH);
    streamsMetrics.bindTo(registry);
  }

  /** Every meter in the Prometheus text format, version 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void input(Input input) {
    inputCounter(input.wireType()).increment();
  }

  @Override
  public void processed(ProcessingResult result) {
    if (result.outcome() == ProcessingResult.Outcome.IGNORED_DUPLICATE) {
      duplicates.increment();
    }
    for (StatusEvent event : result.events()) {
      if (event.event() instanceof CommandRejected rejected) {
        rejections.get(rejected.reason()).increment();
      } else if (event.event() instanceof WorkflowCompleted) {
        ended.get(WorkflowStatus.COMPLETED).increment();
      } else if (event.event() instanceof WorkflowFailed) {
        ended.get(WorkflowStatus.FAILED).increment();
      } else if (event.event() instanceof WorkflowCancelled) {
        ended.get(WorkflowStatus.CANCELLED).increment();
      }
    }
    if (!result.dispatches().isEmpty()) {
      dispatches.increment(result.dispatches().size());
    }
  }

  @Override
  public void timerFired(TimerKind kind, long lagMs) {
    timersFired.get(kind).increment();
    timerLag.get(kind).record(lagMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void deadLetter(DeadLetterReason reason) {
    deadLetters.get(reason).increment();
  }

  @Override
  public synchronized void close() {
    if (streamsMetrics != null) {
      streamsMetrics.close();
      refresher.shutdownNow();
    }
    registry.close();
  }
}
