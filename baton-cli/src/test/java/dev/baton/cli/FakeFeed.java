package dev.baton.cli;

import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Status events for tests: each poll returns the next batch, then nothing (after a short wait). */
final class FakeFeed implements EventFeed {

  private final Deque<List<StatusRecord>> batches = new ArrayDeque<>();

  /** A batch, given as JSON events. */
  FakeFeed then(String... events) {
    batches.add(
        java.util.Arrays.stream(events)
            .map(
                json -> {
                  try {
                    return StatusRecord.from(Json.MAPPER.readTree(json));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .toList());
    return this;
  }

  @Override
  public List<StatusRecord> poll(Duration timeout) {
    if (!batches.isEmpty()) {
      return batches.poll();
    }
    try {
      Thread.sleep(Math.min(20, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }

  @Override
  public boolean caughtUp() {
    return batches.isEmpty();
  }

  @Override
  public void close() {}
}
