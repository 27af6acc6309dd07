package dev.baton.topology;

import dev.baton.protocol.json.OutputWriter;
import dev.baton.protocol.output.DefinitionMetrics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The DefinitionMetrics sub-topology's one processor: reads the facts topic (keyed by workflowId,
 * so one task sees every instance of a definition, whichever partition holds the instance), adds
 * each fact to its definition's tumbling window in a persistent window store and to the
 * definition's running gauge, and emits a window's record at least every {@link #EMIT_EVERY_MS}
 * while it changes and once more when it closes. All of it in the facts' exactly-once transactions.
 */
final class DefinitionMetricsProcessor implements Processor<String, byte[], String, byte[]> {

  /** How often a changing window is emitted again, at most: the contract's 10 s. */
  static final long EMIT_EVERY_MS = 10_000;

  /** How long after its end a window waits for facts still on their way before it closes. */
  static final long CLOSE_GRACE_MS = 5_000;

  /** Windows this far back are checked for closing: a server down longer leaves them open. */
  private static final int WINDOWS_CHECKED = 10;

  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final long windowMs;
  private ProcessorContext<String, byte[]> context;
  private WindowStore<String, byte[]> windows;
  private KeyValueStore<String, Long> running;

  DefinitionMetricsProcessor(long windowMs) {
    this.windowMs = windowMs;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.windows = context.getStateStore(BatonTopology.DEFINITION_WINDOWS_STORE);
    this.running = context.getStateStore(BatonTopology.DEFINITION_RUNNING_STORE);
    context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::emitDue);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    DefinitionFact fact = DefinitionFact.decode(record.value());
    long start = windowStart(fact.at());
    byte[] stored = windows.fetch(fact.workflowId(), start);
    DefinitionWindow window =
        stored == null ? new DefinitionWindow() : DefinitionWindow.decode(stored);
    // A fact for a window that closed already reopens it: it closes, and is emitted, again.
    window.closed = false;
    window.add(fact, context.currentSystemTimeMs());
    windows.put(fact.workflowId(), window.encode(), start);
    if (fact.runningDelta() != 0) {
      Long gauge = running.get(fact.workflowId());
      running.put(
          fact.workflowId(), Math.max(0, (gauge == null ? 0 : gauge) + fact.runningDelta()));
    }
  }

  long windowStart(long at) {
    return windowStart(at, windowMs);
  }

  /** The start of the tumbling window, aligned to the epoch, that {@code at} falls in. */
  static long windowStart(long at, long windowMs) {
    return at - Math.floorMod(at, windowMs);
  }

  /** Emits the windows that changed since their last record 10 s ago, and those that closed. */
  private void emitDue(long now) {
    long from = Math.max(0, windowStart(now) - WINDOWS_CHECKED * windowMs);
    try (KeyValueIterator<Windowed<String>, byte[]> it =
        windows.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(now))) {
      while (it.hasNext()) {
        KeyValue<Windowed<String>, byte[]> entry = it.next();
        DefinitionWindow window = DefinitionWindow.decode(entry.value);
        if (window.closed) {
          continue;
        }
        long start = entry.key.window().start();
        boolean closing = now >= start + windowMs + CLOSE_GRACE_MS;
        boolean changed = window.changedAt > window.emittedAt;
        if (closing || (changed && now - window.emittedAt >= EMIT_EVERY_MS)) {
          String workflowId = entry.key.key();
          emit(workflowId, start, window, now);
          window.emittedAt = now;
          window.closed = closing;
          windows.put(workflowId, window.encode(), start);
        }
      }
    }
  }

  private void emit(String workflowId, long start, DefinitionWindow window, long now) {
    Long gauge = running.get(workflowId);
    DefinitionMetrics metrics =
        new DefinitionMetrics(
            workflowId,
            start,
            start + windowMs,
            window.started,
            window.completed,
            window.failed,
            window.cancelled,
            gauge == null ? 0 : gauge,
            window.taskAttempts,
            window.taskFailures,
            window.percentile(50),
            window.percentile(95),
            now);
    context.forward(
        new Record<>(
            DefinitionMetrics.key(workflowId), OutputWriter.definitionMetrics(metrics), now),
        BatonTopology.DEFINITION_METRICS_SINK);
  }
}
