package dev.baton.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, as they come. One writer thread. */
final class LatencyRecorder {

  private long[] samples = new long[4096];
  private int size;

  void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, samples.length * 2);
    }
    samples[size++] = nanos;
  }

  int count() {
    return size;
  }

  /** Only once the writer has stopped, or from the writer thread. */
  LatencySamples snapshot() {
    return LatencySamples.of(Arrays.copyOf(samples, size));
  }
}
