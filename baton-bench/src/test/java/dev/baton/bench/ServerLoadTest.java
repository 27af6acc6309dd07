package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerLoadTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ServerLoad.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldRefuseAShapeItCannotLoadBeforeConnecting() {
    // No broker listens on port 1: a refusal that came after connecting would time out instead.
    int code = run("--shape", "layered", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--shape must be chain or fan-out, got 'layered'");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void shouldRefuseSizesThatMakeNoRound() {
    assertThat(run("--shape", "fan-out", "--tasks", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("need --tasks >= 3 for a fan-out");

    assertThat(run("--round-tasks", "5")).isEqualTo(2);
    assertThat(run("--rounds", "0")).isEqualTo(2);
    assertThat(run("--rounds", "many")).isEqualTo(2);
  }

  @Test
  void shouldTakeTheWarmFigureFromTheSecondHalfOfTheRounds() {
    assertThat(ServerLoad.warmTasksPerSecond(rounds(900, 5000, 3000, 7000, 6000))).isEqualTo(6000);
    assertThat(ServerLoad.warmTasksPerSecond(rounds(900, 5000, 7000, 6000))).isEqualTo(6500);
    assertThat(ServerLoad.warmTasksPerSecond(rounds(900))).isEqualTo(900);
  }

  private static List<ServerLoad.Round> rounds(double... tasksPerSecond) {
    int[] number = {0};
    return DoubleStream.of(tasksPerSecond)
        .mapToObj(
            rate ->
                new ServerLoad.Round(
                    ++number[0], 1000, 10_000, 10_000 / rate, rate, LatencySamples.NONE, 100))
        .toList();
  }
}
