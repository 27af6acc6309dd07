package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void shouldPickTheSmallestSampleWithAtLeastThatShareAtOrBelowIt() {
    // given
    long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

    // then
    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(sorted, 51)).isEqualTo(60);
    assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(100);
    assertThat(Percentiles.nearestRank(sorted, 100)).isEqualTo(100);
    assertThat(Percentiles.nearestRank(sorted, 0.1)).isEqualTo(10);
  }

  @Test
  void shouldReturnTheOnlySampleForAnyPercentile() {
    assertThat(Percentiles.nearestRank(new long[] {7}, 1)).isEqualTo(7);
    assertThat(Percentiles.nearestRank(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void shouldRejectNoSamplesAndPercentilesOutOfRange() {
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none");
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 100.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReportMillisecondsFromUnorderedNanoseconds() {
    // given
    LatencyRecorder recorder = new LatencyRecorder();
    for (int ms = 100; ms >= 1; ms--) {
      recorder.record(ms * 1_000_000L);
    }

    // when
    LatencySamples samples = recorder.snapshot();

    // then
    assertThat(samples.count()).isEqualTo(100);
    assertThat(samples.p50Ms()).isEqualTo(50.0);
    assertThat(samples.p99Ms()).isEqualTo(99.0);
    assertThat(samples.maxMs()).isEqualTo(100.0);
  }

  @Test
  void shouldPoolSampleSetsExactly() {
    // given
    LatencyRecorder fast = new LatencyRecorder();
    LatencyRecorder slow = new LatencyRecorder();
    for (int i = 0; i < 98; i++) {
      fast.record(1_000_000L);
    }
    slow.record(500_000_000L);
    slow.record(900_000_000L);

    // when
    LatencySamples pooled = LatencySamples.pool(List.of(fast.snapshot(), slow.snapshot()));

    // then
    assertThat(pooled.count()).isEqualTo(100);
    assertThat(pooled.p50Ms()).isEqualTo(1.0);
    assertThat(pooled.p99Ms()).isEqualTo(500.0);
    assertThat(pooled.maxMs()).isEqualTo(900.0);
  }

  @Test
  void shouldHaveNoPercentilesWithoutSamples() {
    assertThat(LatencySamples.NONE.p50Ms()).isNaN();
    assertThat(LatencySamples.pool(List.of()).p99Ms()).isNaN();
  }
}
