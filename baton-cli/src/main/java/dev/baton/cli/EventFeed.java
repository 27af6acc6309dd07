package dev.baton.cli;

import java.time.Duration;
import java.util.List;

/** Status events as they come, from the status topic ({@link StatusFeed}) or, in tests, a list. */
interface EventFeed extends AutoCloseable {

  /** The next events, in order per instance; empty when none came within {@code timeout}. */
  List<StatusRecord> poll(Duration timeout);

  /** Whether every event written before the feed was opened has been read. */
  boolean caughtUp();

  @Override
  void close();
}
