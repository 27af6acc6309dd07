package dev.baton.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: every wait of the benchmark ends, with a message saying what did not happen. */
final class Waits {

  static final long POLL_MS = 20;

  private Waits() {}

  /**
   * Polls {@code done} every {@value #POLL_MS} ms; {@code check} runs first on each round so that a
   * failed client fails the wait at once instead of when the time is up.
   *
   * @param progress describes how far things got, for the timeout message
   */
  static void until(
      String what,
      Duration timeout,
      BooleanSupplier done,
      Runnable check,
      Supplier<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      check.run();
      if (done.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new BenchmarkException(
            "Timed out after "
                + timeout.toSeconds()
                + " s waiting for "
                + what
                + " ("
                + progress.get()
                + ")");
      }
      sleep(POLL_MS);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("Interrupted while waiting", e);
    }
  }
}
