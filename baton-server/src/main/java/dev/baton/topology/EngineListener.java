package dev.baton.topology;

import dev.baton.engine.ProcessingResult;
import dev.baton.engine.state.TimerKind;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.output.DeadLetterReason;

/**
 * What the engine processor did, for whoever counts it: the server's Prometheus meters, which live
 * outside the topology so the topology needs no metrics library. Every method is called on a stream
 * thread, and one listener is shared by all the threads of a server: implementations must be quick
 * and thread-safe. Work in a transaction that aborts and is processed again is reported again.
 */
public interface EngineListener {

  /** Listens to nothing: TopologyTestDriver tests, and topologies built without one. */
  EngineListener NONE = new EngineListener() {};

  /** An input record that parsed, before the engine takes it. */
  default void input(Input input) {}

  /** What one input, or one timer, produced; {@link ProcessingResult#timer()} says which timer. */
  default void processed(ProcessingResult result) {}

  /**
   * A timer fired {@code lagMs} after it was due (0 or more).
   *
   * <p>Called just before {@link #processed} with that timer's result.
   */
  default void timerFired(TimerKind kind, long lagMs) {}

  /** An input record went to the dead-letter topic. */
  default void deadLetter(DeadLetterReason reason) {}
}
