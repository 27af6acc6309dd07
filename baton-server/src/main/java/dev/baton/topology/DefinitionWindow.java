package dev.baton.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One definition's tumbling window: the counts of what happened in it, the completed instances'
 * durations as an HdrHistogram (2 significant digits: a percentile is within 1% of the exact
 * value), and when it changed and was last emitted. Mutable; encoded with a version byte.
 */
final class DefinitionWindow {

  private static final byte VERSION = 1;
  private static final int SIGNIFICANT_DIGITS = 2;

  long started;
  long completed;
  long failed;
  long cancelled;
  long taskAttempts;
  long taskFailures;
  Histogram durations = newHistogram();

  /** Processing time of the last fact added; of the last emission (0: never). */
  long changedAt;

  long emittedAt;

  /** The closing record was emitted: nothing more is. */
  boolean closed;

  private static Histogram newHistogram() {
    Histogram h = new Histogram(SIGNIFICANT_DIGITS);
    h.setAutoResize(true);
    return h;
  }

  void add(DefinitionFact fact, long now) {
    started += fact.started();
    completed += fact.completed();
    failed += fact.failed();
    cancelled += fact.cancelled();
    taskAttempts += fact.taskAttempts();
    taskFailures += fact.taskFailures();
    for (long d : fact.durationsMs()) {
      durations.recordValue(Math.max(0, d));
    }
    changedAt = now;
  }

  /** The percentile of the completed durations, or null when none completed. */
  Long percentile(double p) {
    return durations.getTotalCount() == 0 ? null : durations.getValueAtPercentile(p);
  }

  byte[] encode() {
    ByteBuffer histogram = ByteBuffer.allocate(durations.getNeededByteBufferCapacity());
    int length = durations.encodeIntoCompressedByteBuffer(histogram);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(started);
      out.writeLong(completed);
      out.writeLong(failed);
      out.writeLong(cancelled);
      out.writeLong(taskAttempts);
      out.writeLong(taskFailures);
      out.writeLong(changedAt);
      out.writeLong(emittedAt);
      out.writeBoolean(closed);
      out.writeInt(length);
      out.write(histogram.array(), 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static DefinitionWindow decode(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("Unknown definition window version " + version);
      }
      DefinitionWindow w = new DefinitionWindow();
      w.started = in.readLong();
      w.completed = in.readLong();
      w.failed = in.readLong();
      w.cancelled = in.readLong();
      w.taskAttempts = in.readLong();
      w.taskFailures = in.readLong();
      w.changedAt = in.readLong();
      w.emittedAt = in.readLong();
      w.closed = in.readBoolean();
      byte[] histogram = new byte[in.readInt()];
      in.readFully(histogram);
      w.durations = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(histogram), 0);
      w.durations.setAutoResize(true);
      return w;
    } catch (IOException | DataFormatException e) {
      throw new IllegalStateException("Unreadable definition window", e);
    }
  }
}
