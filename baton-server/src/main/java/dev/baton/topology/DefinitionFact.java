package dev.baton.topology;

import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.output.WorkflowMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What units of work of a definition's instances add to its metrics: one unit's, or the sum of many
 * in one window ({@link PendingFacts}). Small, keyed by workflowId on the facts topic, so that
 * every instance of a definition, whichever partition holds it, is counted by the one task that
 * holds the definition's windows.
 *
 * @param at when it happened (the events' processing time; of a sum, the latest)
 * @param runningDelta +1 when the instance began to run (started, retried), -1 when it stopped
 *     running (completed, failed, or cancelled after it started)
 * @param durationsMs the actualDurationMs of the instances that completed
 */
record DefinitionFact(
    String workflowId,
    long at,
    int started,
    int completed,
    int failed,
    int cancelled,
    int runningDelta,
    int taskAttempts,
    int taskFailures,
    List<Long> durationsMs) {

  private static final byte VERSION = 1;

  /** The fact of one result's events, or null when they change no definition metric. */
  static DefinitionFact of(List<StatusEvent> events, WorkflowMetrics metrics) {
    String workflowId = null;
    long at = 0;
    int started = 0;
    int completed = 0;
    int failed = 0;
    int cancelled = 0;
    int running = 0;
    int attempts = 0;
    int failures = 0;
    List<Long> durations = new ArrayList<>(0);
    for (StatusEvent e : events) {
      if (e.workflowId() == null || e.seq() == 0) {
        continue;
      }
      workflowId = e.workflowId();
      at = e.timestamp();
      EventType type = e.event().type();
      switch (type) {
        case WorkflowStarted -> {
          started++;
          running++;
        }
        case WorkflowRetried -> running++;
        case WorkflowCompleted -> {
          completed++;
          running--;
          if (metrics != null && metrics.actualDurationMs() != null) {
            durations.add(metrics.actualDurationMs());
          }
        }
        case WorkflowFailed -> {
          failed++;
          running--;
        }
        case WorkflowCancelled -> {
          cancelled++;
          // a PENDING instance never ran: it has no duration yet
          if (metrics != null && metrics.actualDurationMs() != null) {
            running--;
          }
        }
        case TaskDispatched -> attempts++;
        case TaskFailed, TaskTimedOut -> failures++;
        default -> {}
      }
    }
    if (workflowId == null
        || (started | completed | failed | cancelled | running | attempts | failures) == 0) {
      return null;
    }
    return new DefinitionFact(
        workflowId,
        at,
        started,
        completed,
        failed,
        cancelled,
        running,
        attempts,
        failures,
        durations);
  }

  /**
   * This fact and a later one of the same definition as one: the counts summed, the durations of
   * both, and the later time.
   */
  DefinitionFact plus(DefinitionFact later) {
    if (!workflowId.equals(later.workflowId)) {
      throw new IllegalArgumentException(
          "Facts of " + workflowId + " and " + later.workflowId + " do not add up");
    }
    List<Long> durations = new ArrayList<>(durationsMs.size() + later.durationsMs.size());
    durations.addAll(durationsMs);
    durations.addAll(later.durationsMs);
    return new DefinitionFact(
        workflowId,
        Math.max(at, later.at),
        started + later.started,
        completed + later.completed,
        failed + later.failed,
        cancelled + later.cancelled,
        runningDelta + later.runningDelta,
        taskAttempts + later.taskAttempts,
        taskFailures + later.taskFailures,
        durations);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(workflowId);
      out.writeLong(at);
      out.writeInt(started);
      out.writeInt(completed);
      out.writeInt(failed);
      out.writeInt(cancelled);
      out.writeInt(runningDelta);
      out.writeInt(taskAttempts);
      out.writeInt(taskFailures);
      out.writeInt(durationsMs.size());
      for (long d : durationsMs) {
        out.writeLong(d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static DefinitionFact decode(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("Unknown definition fact version " + version);
      }
      String workflowId = in.readUTF();
      long at = in.readLong();
      int started = in.readInt();
      int completed = in.readInt();
      int failed = in.readInt();
      int cancelled = in.readInt();
      int running = in.readInt();
      int attempts = in.readInt();
      int failures = in.readInt();
      int n = in.readInt();
      List<Long> durations = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        durations.add(in.readLong());
      }
      return new DefinitionFact(
          workflowId,
          at,
          started,
          completed,
          failed,
          cancelled,
          running,
          attempts,
          failures,
          durations);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable definition fact", e);
    }
  }
}
