package dev.baton.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies: replace it a few times, then stop this instance.
 *
 * <p>Why not always REPLACE_THREAD: what reaches this handler is never a bad input record (the
 * engine turns those into dead letters), so it is the stores, the disk or the cluster. A passing
 * fault deserves another thread: with exactly-once the failed transaction is aborted and the new
 * thread resumes from the last commit, without duplicates. A fault that keeps coming back would
 * make an endless replace loop that makes no progress while the instance looks alive.
 *
 * <p>Why SHUTDOWN_CLIENT, not SHUTDOWN_APPLICATION: the fault may belong to this host (a full disk,
 * a corrupt local store). Stopping this client moves its partitions to the other instances, turns
 * {@code /health} to 503 and ends the server process, so a supervisor restarts it; stopping every
 * instance of the application would turn a local fault into an outage.
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

  static final int DEFAULT_MAX_REPLACEMENTS = 3;
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  private final int maxReplacements;
  private final long windowMs;
  private final LongSupplier clock;
  private final Deque<Long> replacements = new ArrayDeque<>();

  ThreadFailurePolicy() {
    this(DEFAULT_MAX_REPLACEMENTS, DEFAULT_WINDOW, System::currentTimeMillis);
  }

  ThreadFailurePolicy(int maxReplacements, Duration window, LongSupplier clock) {
    this.maxReplacements = maxReplacements;
    this.windowMs = window.toMillis();
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
    long now = clock.getAsLong();
    while (!replacements.isEmpty() && replacements.peekFirst() <= now - windowMs) {
      replacements.removeFirst();
    }
    if (replacements.size() < maxReplacements) {
      replacements.addLast(now);
      LOG.error(
          "A stream thread failed; replacing it ({} of {} replacements allowed within {} s)",
          replacements.size(),
          maxReplacements,
          windowMs / 1000,
          failure);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    LOG.error(
        "A stream thread failed again after {} replacements within {} s; shutting this"
            + " instance down so that its partitions move to the others",
        maxReplacements,
        windowMs / 1000,
        failure);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }
}
