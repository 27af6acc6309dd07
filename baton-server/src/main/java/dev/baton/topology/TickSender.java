package dev.baton.topology;

/**
 * Writes a timer tick into one partition of the results topic (see {@link TimerTick}). Without one,
 * ticks go through the topology's own sink, in the task's transaction: correct, but visible only
 * after the commit, so every timer waits a commit interval and a fetch more.
 */
@FunctionalInterface
public interface TickSender {

  void send(int partition, long writtenAt);
}
