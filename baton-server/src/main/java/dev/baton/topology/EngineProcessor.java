package dev.baton.topology;

import dev.baton.engine.Engine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.ProcessingResult;
import dev.baton.engine.TimerFailedException;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoreFailure;
import dev.baton.engine.state.StoredEntry;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.json.InputParser;
import dev.baton.protocol.json.OutputWriter;
import dev.baton.protocol.json.ParseOutcome;
import dev.baton.protocol.output.DeadLetter;
import dev.baton.protocol.output.DeadLetterReason;
import dev.baton.protocol.output.TaskDispatch;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one processor: reads an input record, hands it to the engine, and forwards what came out to
 * the sinks. Everything it writes, state and output, commits in the input's transaction.
 */
final class EngineProcessor implements Processor<String, byte[], String, byte[]> {

  private static final Logger LOG = LoggerFactory.getLogger(EngineProcessor.class);

  private final TopicNames topics;
  private final EngineConfig engineConfig;
  private final InputParser parser;
  private final TimerSettings timers;
  private final TickSender ticks;
  private final boolean keepHistory;
  private final long definitionWindowMs;

  /** The definition facts not sent yet; null without DefinitionMetrics. */
  private PendingFacts facts;

  private final EngineListener listener;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> history;
  private Engine engine;

  /** The engine's state, kept to move list entries written by an earlier version. */
  private KvWorkflowState state;

  /** Whether {@link #state} holds no live list entries in the entries store any more. */
  private boolean liveEntriesMoved;

  /**
   * What the decoded instance headers the engine keeps between inputs may weigh, per task
   * (partition): 4,096 headers without tasks in their lists, or about 700 of running 40-task
   * fan-outs; some MB of heap per partition (see {@code KvWorkflowState.weightOf}).
   */
  private static final long HEADERS_KEPT_WEIGHT = 32_768;

  /** Live list entries moved per input until none are left where an earlier version kept them. */
  private static final int LIVE_MOVE_BATCH = 10_000;

  private Sensor duplicates;
  private Sensor deadLetters;
  private Sensor rejections;
  private Sensor timersFired;

  private static final long NO_TICK = Long.MIN_VALUE;

  /** A tick read back within this many ms is the normal case; past it, write another. */
  private static final long TICK_RESEND_MS = 5_000;

  /**
   * When the tick in flight was written; {@link #NO_TICK} when none is. Not state: losing it costs
   * one extra tick.
   */
  private long tickSentAt = NO_TICK;

  /**
   * @param definitionWindowMs the DefinitionMetrics windows' length: facts are added up per window
   *     (see {@link PendingFacts}); 0 when the topology has no DefinitionMetrics
   * @param listener told what was processed (the server's meters); null for none
   */
  EngineProcessor(
      TopicNames topics,
      EngineConfig engineConfig,
      int maxRecordBytes,
      TimerSettings timers,
      TickSender ticks,
      boolean keepHistory,
      long definitionWindowMs,
      EngineListener listener) {
    this.listener = listener == null ? EngineListener.NONE : listener;
    this.ticks = ticks;
    this.keepHistory = keepHistory;
    this.definitionWindowMs = definitionWindowMs;
    this.topics = topics;
    this.engineConfig = engineConfig;
    this.parser = new InputParser(maxRecordBytes);
    this.timers = timers;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    KeyValueStore<String, InstanceState> instances =
        context.getStateStore(BatonTopology.INSTANCES_STORE);
    KeyValueStore<String, StoredEntry> entries = context.getStateStore(BatonTopology.ENTRIES_STORE);
    KeyValueStore<String, StoredEntry> live = context.getStateStore(BatonTopology.LIVE_LISTS_STORE);
    state =
        new KvWorkflowState(
            StoreKv.of(instances), StoreKv.of(entries), StoreKv.of(live), HEADERS_KEPT_WEIGHT);
    liveEntriesMoved = false;
    engine = new Engine(state, engineConfig);
    history = keepHistory ? context.getStateStore(BatonTopology.HISTORY_STORE) : null;
    if (definitionWindowMs > 0) {
      facts =
          new PendingFacts(
              context.getStateStore(BatonTopology.DEFINITION_PENDING_STORE), definitionWindowMs);
      context.schedule(
          Duration.ofMillis(PendingFacts.SEND_EVERY_MS),
          PunctuationType.WALL_CLOCK_TIME,
          this::sendFacts);
    }
    String task = context.taskId().toString();
    duplicates = sensor(task, "ignored-duplicate");
    deadLetters = sensor(task, "dead-letter");
    rejections = sensor(task, "rejection");
    timersFired = sensor(task, "timer-fired");
    // The wall clock says when timers are due; they fire when the tick this writes is read back
    // from the task's results partition, behind every result appended before it.
    context.schedule(
        Duration.ofMillis(timers.intervalMs()), PunctuationType.WALL_CLOCK_TIME, this::tickIfDue);
  }

  /**
   * Writes a tick when a timer is due by the wall clock and no tick is on its way. A tick lost with
   * an aborted transaction is written again after {@link #TICK_RESEND_MS}; a restarted task starts
   * without one in flight.
   */
  private void tickIfDue(long now) {
    if (tickSentAt != NO_TICK && now - tickSentAt < TICK_RESEND_MS) {
      return;
    }
    if (engine.hasTimerDue(now)) {
      sendTick(now);
    }
  }

  /** A tick for this task's results partition, read from it. */
  private boolean isOwnTick(Record<String, byte[]> record) {
    RecordMetadata origin = context.recordMetadata().orElseThrow();
    return origin.topic().equals(topics.taskResults())
        && TimerTick.isTickFor(record, origin.partition());
  }

  private void sendTick(long now) {
    int partition = context.taskId().partition();
    if (ticks == null) {
      context.forward(TimerTick.forPartition(partition, now), BatonTopology.TICK_SINK);
    } else {
      ticks.send(partition, now);
    }
    tickSentAt = now;
  }

  /**
   * Fires timers due at {@code now}, for at most the configured batch time; true when it stopped
   * with timers still due.
   */
  private boolean fireTimers(long dueBy) {
    long deadline = System.nanoTime() + timers.maxBatchMs() * 1_000_000L;
    do {
      Optional<ProcessingResult> fired;
      long now = context.currentSystemTimeMs();
      try {
        fired = engine.fireNextTimer(dueBy, now);
      } catch (TimerFailedException e) {
        LOG.error("A timer failed and was dropped: {}", e.timer(), e);
        continue;
      }
      if (fired.isEmpty()) {
        return false;
      }
      timersFired.record();
      timerFired(fired.get(), now);
      forward(fired.get(), now);
    } while (System.nanoTime() < deadline);
    return engine.hasTimerDue(dueBy);
  }

  private Sensor sensor(String task, String operation) {
    return context
        .metrics()
        .addRateTotalSensor("baton", task, operation, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (!liveEntriesMoved) {
      // State written before the live lists had a store of their own: move them over, a batch
      // per input, before the input sees the state (a no-op check once moved).
      try {
        liveEntriesMoved = state.moveLiveEntries(LIVE_MOVE_BATCH);
      } catch (StoreFailure e) {
        throw e.getCause(); // the stores failed: Kafka Streams handles it, the transaction aborts
      }
    }
    if (TimerTick.isTick(record)) {
      if (!isOwnTick(record)) {
        return; // a marker for another partition, or not Baton's: proves nothing here
      }
      tickSentAt = NO_TICK;
      // A tick from a clock ahead of this one must not fire timers before they are due here.
      long proven = Math.min(record.timestamp(), context.currentSystemTimeMs());
      if (fireTimers(proven)) {
        // The batch ran out with timers still due: the next tick at once, not at the next check.
        sendTick(context.currentSystemTimeMs());
      }
      return;
    }
    RecordMetadata origin = context.recordMetadata().orElseThrow();
    InputParser.Source source =
        origin.topic().equals(topics.taskResults())
            ? InputParser.Source.TASK_RESULTS
            : InputParser.Source.COMMANDS;
    ParseOutcome parsed = parser.parse(source, record.key(), record.value());
    if (parsed instanceof ParseOutcome.Unparseable bad) {
      deadLetter(record, origin, bad.reason(), bad.message());
      return;
    }
    Input input = ((ParseOutcome.Parsed) parsed).input();
    listener.input(input);
    fireTimersDueBefore(input, record.timestamp());
    ProcessingResult result;
    try {
      // Processing time, not the record's: an input that waited in a backlog must not dispatch
      // an attempt that is overdue already. Timers due before the record was written fired above.
      result = engine.process(input, context.currentSystemTimeMs());
    } catch (StreamsException e) {
      throw e; // the stores failed: let Kafka Streams handle it, the transaction aborts
    } catch (StoreFailure e) {
      throw e.getCause(); // the same, through the engine
    } catch (RuntimeException e) {
      // A defect in the engine. Its writes were never flushed, so the state is untouched; keep
      // the record as a dead letter and go on, instead of stopping the partition on it forever.
      LOG.error(
          "Engine failed on {}-{}@{}; sent to {}",
          origin.topic(),
          origin.partition(),
          origin.offset(),
          topics.deadLetter(),
          e);
      deadLetter(record, origin, DeadLetterReason.PROCESSING_ERROR, e.toString());
      return;
    }
    forward(result, record.timestamp());
  }

  /**
   * The instance's timers due before this record happen before it: a result that comes after its
   * attempt timed out is then stale, however far behind the timer scans are.
   */
  private void fireTimersDueBefore(Input input, long timestamp) {
    long now = context.currentSystemTimeMs();
    try {
      engine.fireTimersDueBefore(
          input,
          // a writer's clock ahead of this one must not fire timers before they are due here
          Math.min(timestamp, now),
          now,
          fired -> {
            timersFired.record();
            timerFired(fired, now);
            forward(fired, timestamp);
          });
    } catch (TimerFailedException e) {
      LOG.error("A timer failed and was dropped: {}", e.timer(), e);
    }
  }

  /** Tells the listener how long after its due time a timer fired. */
  private void timerFired(ProcessingResult fired, long now) {
    if (fired.timer() != null) {
      listener.timerFired(fired.timer().kind(), Math.max(0, now - fired.timer().dueAt()));
    }
  }

  private void forward(ProcessingResult result, long timestamp) {
    listener.processed(result);
    switch (result.outcome()) {
      case IGNORED_DUPLICATE -> duplicates.record();
      case REJECTED -> rejections.record();
      case APPLIED, UNCHANGED -> {}
      default -> throw new IllegalStateException("Unknown outcome " + result.outcome());
    }
    for (StatusEvent event : result.events()) {
      byte[] json = OutputWriter.statusEvent(event);
      context.forward(new Record<>(event.instanceId(), json, timestamp), BatonTopology.STATUS_SINK);
      if (history != null && event.seq() > 0) {
        // The bytes just written to the status topic, so the history API is that topic, exactly.
        HistoryKeys.append(history, event.instanceId(), event.seq(), json);
      }
    }
    for (TaskDispatch dispatch : result.dispatches()) {
      context.forward(
          new Record<>(dispatch.instanceId(), OutputWriter.dispatch(dispatch), timestamp),
          BatonTopology.DISPATCH_SINK);
    }
    if (result.metrics() != null) {
      context.forward(
          new Record<>(
              result.metrics().instanceId(), OutputWriter.metrics(result.metrics()), timestamp),
          BatonTopology.METRICS_SINK);
    }
    if (facts != null && !result.events().isEmpty()) {
      DefinitionFact fact = DefinitionFact.of(result.events(), result.metrics());
      if (fact != null) {
        DefinitionFact full = facts.add(fact);
        if (full != null) {
          // Every sum still waiting goes first, oldest window first: a sum of an earlier window
          // (with the +1 of instances that began to run) must reach the gauge before this one
          // (with the -1 of some of them), or the gauge's floor at 0 would swallow the -1s.
          sendFacts(timestamp);
          sendFact(full, timestamp);
        }
      }
    }
    if (result.deletedInstanceId() != null) {
      String id = result.deletedInstanceId();
      if (history != null) {
        HistoryKeys.deleteAll(history, id);
      }
      // The metrics topic is compacted: a tombstone lets it forget the deleted instance too.
      context.forward(new Record<>(id, (byte[]) null, timestamp), BatonTopology.METRICS_SINK);
    }
  }

  /** Sends the definition facts added up since the last time. */
  private void sendFacts(long now) {
    for (DefinitionFact fact : facts.drain()) {
      sendFact(fact, now);
    }
  }

  private void sendFact(DefinitionFact fact, long timestamp) {
    context.forward(
        new Record<>(fact.workflowId(), fact.encode(), timestamp),
        BatonTopology.DEFINITION_FACTS_SINK);
  }

  private void deadLetter(
      Record<String, byte[]> record,
      RecordMetadata origin,
      DeadLetterReason reason,
      String message) {
    deadLetters.record();
    listener.deadLetter(reason);
    DeadLetter letter =
        DeadLetter.of(
            reason,
            message,
            origin.topic(),
            origin.partition(),
            origin.offset(),
            record.key(),
            record.value(),
            record.timestamp());
    // Keyed like the original, cut as the letter's copy is: a huge key must not stop the
    // partition either.
    context.forward(
        new Record<>(letter.key(), OutputWriter.deadLetter(letter), record.timestamp()),
        BatonTopology.DEAD_LETTER_SINK);
  }
}
