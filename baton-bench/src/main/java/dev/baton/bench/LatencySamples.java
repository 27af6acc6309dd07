package dev.baton.bench;

import java.util.Arrays;
import java.util.List;

/** Every latency sample of a measurement, sorted, so that sets can be pooled exactly. */
public final class LatencySamples {

  public static final LatencySamples NONE = new LatencySamples(new long[0]);

  private final long[] sortedNanos;

  private LatencySamples(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  /** Takes ownership of {@code nanos}. */
  static LatencySamples of(long[] nanos) {
    Arrays.sort(nanos);
    return new LatencySamples(nanos);
  }

  static LatencySamples pool(List<LatencySamples> sets) {
    long[] all = new long[sets.stream().mapToInt(s -> s.sortedNanos.length).sum()];
    int at = 0;
    for (LatencySamples set : sets) {
      System.arraycopy(set.sortedNanos, 0, all, at, set.sortedNanos.length);
      at += set.sortedNanos.length;
    }
    return of(all);
  }

  public int count() {
    return sortedNanos.length;
  }

  /** The p-th percentile (nearest rank) in milliseconds; NaN without samples. */
  public double percentileMs(double p) {
    return sortedNanos.length == 0
        ? Double.NaN
        : Percentiles.nearestRank(sortedNanos, p) / 1_000_000.0;
  }

  public double p50Ms() {
    return percentileMs(50);
  }

  public double p99Ms() {
    return percentileMs(99);
  }

  public double maxMs() {
    return percentileMs(100);
  }
}
