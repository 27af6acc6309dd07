package dev.baton.bench;

/**
 * Percentiles by nearest rank: the smallest sample with at least p% of the samples at or below it.
 */
final class Percentiles {

  private Percentiles() {}

  /**
   * @param sorted samples in ascending order, at least one
   * @param percentile in (0, 100]
   */
  static long nearestRank(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("Expected at least one sample, but there were none");
    }
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("Expected a percentile in (0, 100], got " + percentile);
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
