package dev.baton.engine.state;

import java.util.Map;

/**
 * What the engine holds: the state as one unit of work per input (writes are buffered until {@link
 * #flush}, or dropped by {@link #discard}) and the due-time index of timers. Handlers never see
 * this interface; they read through {@link WorkflowState}, and only the applier writes, through
 * {@link MutableWorkflowState}.
 */
public interface WorkflowStore extends MutableWorkflowState {

  /** Writes what this unit of work changed to the stores and forgets the buffers. */
  void flush();

  /** Forgets this unit of work's reads and writes; the stores are left as they were. */
  void discard();

  /**
   * Ends a unit of work that only read, and changed nothing it read: what it decoded may serve the
   * next one. Writes buffered are a defect here.
   */
  void release();

  /** The earliest timer due at or before {@code now}, or null; read between units of work. */
  Map.Entry<String, TimerEntry> nextDueTimer(long now);

  /** The timer under {@code timerKey}, or null when it has fired or was cancelled. */
  TimerEntry timer(String timerKey);

  /** The due time a timer key stands for. */
  long dueOf(String timerKey);

  /** Takes a timer fired ahead of the scans out of the index; the watermark stays. */
  void timerFiredEarly(String timerKey);

  /** Takes a fired timer out of the index; the scans move past it. */
  void timerFired(String timerKey, TimerEntry timer);

  /**
   * Nothing is due at or before {@code now}: the scans may start after it, recorded at most once
   * per {@code step} ms.
   */
  void noTimersDueBefore(long now, long step);
}
