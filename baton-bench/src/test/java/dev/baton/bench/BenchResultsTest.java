package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BenchResultsTest {

  private static final long SECOND = 1_000_000_000L;
  private static final MachineInfo MACHINE =
      new MachineInfo(2, 8L << 30, "test cpu", "Linux", "17", "OpenJDK");

  private final BenchResults results =
      new BenchResults(BenchOptions.quickDefaults(), MACHINE, Instant.EPOCH);

  @Test
  void shouldCompareBatonsRecordsPerSecondWithTheMeanOfTheLimitRuns() {
    // given: the limit at 40k and 60k records/s, Baton at 10k over two shapes
    results.limits.add(limit(20_000, 20_000, SECOND));
    results.limits.add(limit(30_000, 30_000, SECOND));
    results.saturation.add(baton("saturation/chain", 100, 10, 0, 1_100, 3_900, SECOND));
    results.saturation.add(baton("saturation/fan-out", 100, 10, 0, 1_100, 13_900, SECOND));

    // when
    JsonNode json = results.json();

    // then
    assertThat(json.get("limit_records_per_second").asDouble()).isEqualTo(50_000);
    assertThat(json.get("baton_records_per_second").asDouble()).isEqualTo(10_000);
    assertThat(json.get("ratio_to_limit").asDouble()).isEqualTo(0.2);
    assertThat(json.get("ratio_to_limit_by_shape").get("chain").asDouble()).isEqualTo(0.1);
    assertThat(json.get("tasks_per_second").asDouble()).isEqualTo(1_000);
    assertThat(json.get("workflows_per_second").asDouble()).isEqualTo(100);
    assertThat(json.get("measurements")).hasSize(4);
  }

  @Test
  void shouldNameScalingRatiosAfterWhatVaries() {
    // given: per-task wall time 100 us, 150 us and 300 us
    results.fanOutScaling.add(baton("scaling/fan-out-10", 100, 10, 0, 1_100, 0, SECOND / 10));
    results.fanOutScaling.add(
        baton("scaling/fan-out-1000", 1, 1_000, 0, 1_001, 0, SECOND * 15 / 100));
    results.fanOutScaling.add(baton("scaling/fan-out-10000", 1, 10_000, 0, 10_001, 0, SECOND * 3));
    results.held.add(baton("instances/held-10", 100, 10, 10, 1_100, 0, SECOND));
    results.held.add(baton("instances/held-100000", 100, 10, 100_000, 1_100, 0, 2 * SECOND));

    // when
    JsonNode json = results.json();

    // then
    assertThat(json.get("scaling_tasks_1000_vs_10").asDouble()).isCloseTo(1.5, within(1e-9));
    assertThat(json.get("scaling_tasks_10000_vs_10").asDouble()).isCloseTo(3.0, within(1e-9));
    assertThat(json.get("scaling_instances_100000_vs_10").asDouble()).isEqualTo(2.0);
    assertThat(json.has("scaling_cpu_tasks_1000_vs_10")).isTrue();
    assertThat(json.has("ratio_to_limit")).isTrue();
    assertThat(json.get("ratio_to_limit").isNull()).isTrue();
  }

  @Test
  void shouldTakeTheMeanOfTheReferenceMeasuredBeforeAndAfter() {
    // given: 10-task workflows at 100 us and, measured again, 200 us per task; 1000 at 300 us
    results.fanOutScaling.add(baton("scaling/fan-out-10", 100, 10, 0, 1_100, 0, SECOND / 10));
    results.fanOutScaling.add(
        baton("scaling/fan-out-1000", 1, 1_000, 0, 1_001, 0, SECOND * 3 / 10));
    results.fanOutScaling.add(baton("scaling/fan-out-10/again", 100, 10, 0, 1_100, 0, SECOND / 5));

    // when
    JsonNode json = results.json();

    // then
    assertThat(json.get("scaling_tasks_1000_vs_10").asDouble()).isCloseTo(2.0, within(1e-9));
    assertThat(json.has("scaling_tasks_10_vs_10")).isFalse();
  }

  @Test
  void shouldNameMemoryFiguresAfterTheInstancesHeld() {
    // given
    results.memory =
        new MemoryFigures(
            1_000_000,
            5,
            100,
            64L << 20,
            128L << 20,
            1L << 30,
            40L << 20,
            512L << 20,
            600L << 20,
            200L << 20);

    // when
    JsonNode json = results.json();

    // then
    assertThat(json.get("heap_mb_1m_finished").asDouble()).isEqualTo(64);
    assertThat(json.get("rss_mb_1m_finished").asDouble()).isEqualTo(512);
    assertThat(json.get("memory").get("load_commands_per_second").asDouble()).isEqualTo(10_000);
    assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
    assertThat(json.get("settings").get("processing_guarantee").asText())
        .isEqualTo("exactly_once_v2");
  }

  @Test
  void shouldRenderATableWithEveryMeasurement() {
    results.limits.add(limit(20_000, 20_000, SECOND));
    results.saturation.add(baton("saturation/chain", 100, 10, 0, 1_100, 3_900, SECOND));

    String table = ResultsTable.render(results);

    assertThat(table).contains("QUICK", "limit", "saturation/chain", "ratio_to_limit", "0.125");
  }

  private static Measurement limit(long in, long out, long nanos) {
    return new Measurement(
        "limit",
        null,
        0,
        0,
        0,
        in,
        out,
        nanos,
        nanos / 2,
        nanos,
        nanos,
        LatencySamples.NONE,
        LatencySamples.NONE,
        0);
  }

  private static Measurement baton(
      String name, int workflows, int tasks, long held, long in, long out, long nanos) {
    String shape = name.substring(name.indexOf('/') + 1);
    return new Measurement(
        name,
        shape,
        workflows,
        tasks,
        held,
        in,
        out,
        nanos,
        nanos / 2,
        nanos,
        nanos,
        LatencySamples.NONE,
        LatencySamples.NONE,
        0);
  }
}
