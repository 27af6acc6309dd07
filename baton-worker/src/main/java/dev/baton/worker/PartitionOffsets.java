package dev.baton.worker;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one partition that are out with handlers. Tasks finish in any order, but an offset
 * may only be committed once every record before it has its result written: the committable offset
 * is the oldest one still running, or the next one to read when none is. Used by the polling thread
 * alone.
 */
final class PartitionOffsets {

  private final TreeSet<Long> running = new TreeSet<>();
  private long next = -1;
  private long committed = -1;

  void started(long offset) {
    if (next < 0) {
      // Where reading started is committed already (or is the reset position): nothing to do.
      committed = offset;
    }
    running.add(offset);
    next = Math.max(next, offset + 1);
  }

  void done(long offset) {
    running.remove(offset);
  }

  /** The offset to commit, when it moved since the last commit. */
  OptionalLong committable() {
    long offset = running.isEmpty() ? next : running.first();
    return offset > committed ? OptionalLong.of(offset) : OptionalLong.empty();
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  int running() {
    return running.size();
  }
}
