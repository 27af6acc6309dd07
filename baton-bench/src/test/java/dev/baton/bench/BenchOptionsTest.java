package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.bench.BenchOptions.Phase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void shouldRunEveryPhaseAtFullSizeByDefault() {
    BenchOptions options = BenchOptions.parse();

    assertThat(options.quick()).isFalse();
    assertThat(options.phases()).containsExactlyInAnyOrder(Phase.values());
    assertThat(options.output()).isEqualTo(BenchOptions.DEFAULT_OUTPUT);
    assertThat(options.memoryInstances()).isEqualTo(1_000_000);
    assertThat(options.heldInstances()).isEqualTo(100_000);
    assertThat(options.scalingSizes()).containsExactly(10, 1_000, 10_000);
    assertThat(options.warmup()).isTrue();
    assertThat(options.warmupRounds()).isEqualTo(8);
  }

  @Test
  void shouldWarmUpOnceInTheSmokeTestAndAsOftenAsToldOtherwise() {
    assertThat(BenchOptions.parse("--quick").warmupRounds()).isEqualTo(1);
    assertThat(BenchOptions.parse("--warmup-rounds", "3").warmupRounds()).isEqualTo(3);
    assertThatThrownBy(() -> BenchOptions.parse("--warmup-rounds", "0"))
        .hasMessageContaining("--warmup-rounds must be at least 1");
  }

  @Test
  void shouldTakeQuickSizesAndOverridesInAnyOrder() {
    BenchOptions options =
        BenchOptions.parse(
            "--workflows",
            "7",
            "--quick",
            "--output",
            "x.json",
            "--phases",
            "saturation,steady",
            "--scaling-sizes",
            "10,100",
            "--no-warmup");

    assertThat(options.quick()).isTrue();
    assertThat(options.workflows()).isEqualTo(7);
    assertThat(options.memoryInstances()).isEqualTo(BenchOptions.quickDefaults().memoryInstances());
    assertThat(options.output()).isEqualTo(Path.of("x.json"));
    assertThat(options.phases()).containsExactlyInAnyOrder(Phase.SATURATION, Phase.STEADY);
    assertThat(options.scalingSizes()).containsExactly(10, 100);
    assertThat(options.warmup()).isFalse();
  }

  @Test
  void shouldSplitJvmOptionsOnSpaces() {
    BenchOptions options = BenchOptions.parse("--broker-jvm-opts", "-Xmx2g -XX:+UseG1GC");

    assertThat(options.brokerJvmOptions()).containsExactly("-Xmx2g", "-XX:+UseG1GC");
  }

  @Test
  void shouldRejectUnknownArgumentsAndBadValuesByName() {
    assertThatThrownBy(() -> BenchOptions.parse("--fast"))
        .hasMessageContaining("unknown argument '--fast'");
    assertThatThrownBy(() -> BenchOptions.parse("--workflows", "many"))
        .hasMessageContaining("--workflows must be a whole number");
    assertThatThrownBy(() -> BenchOptions.parse("--workflows"))
        .hasMessageContaining("--workflows needs a value");
    assertThatThrownBy(() -> BenchOptions.parse("--phases", "limit,lunch"))
        .hasMessageContaining("unknown phase 'lunch'");
    assertThatThrownBy(() -> BenchOptions.parse("--tasks", "2", "--shapes", "fan-out"))
        .hasMessageContaining("at least 3");
  }

  @Test
  void shouldRejectSteadyLoadWithoutTheSaturationItIsHalfOf() {
    assertThatThrownBy(() -> BenchOptions.parse("--phases", "steady"))
        .hasMessageContaining("include the saturation phase");
  }

  @Test
  void shouldListEveryOptionInTheUsage() {
    for (String option :
        List.of(
            "--quick",
            "--output",
            "--phases",
            "--workflows",
            "--memory-instances",
            "--held-instances",
            "--warmup-rounds",
            "--wait-timeout-s")) {
      assertThat(BenchOptions.USAGE).contains(option);
    }
  }
}
