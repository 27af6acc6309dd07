package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class BatonCliTest {

  /** Every command path, from "baton" to "baton topics create". */
  static Stream<List<String>> commands() {
    List<List<String>> paths = new ArrayList<>();
    collect(BatonCli.commandLine(), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, paths);
              }
            });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void shouldShowHelpForEveryCommand(List<String> path) {
    // given
    List<String> args = new ArrayList<>(path);
    args.add("--help");

    // when
    CliRun run = CliRun.of(args.toArray(String[]::new));

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: baton").contains("Exit codes:");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldOfferEveryCommandOfTheContract() {
    assertThat(BatonCli.commandLine().getSubcommands().keySet())
        .contains(
            "demo", "dev", "broker", "server", "topics", "submit", "start", "pause", "resume",
            "cancel", "retry", "status", "watch", "list", "history", "events", "lint", "worker");
    assertThat(BatonCli.commandLine().getSubcommands().get("topics").getSubcommands())
        .containsKey("create");
  }

  @Test
  void shouldTreatAMissingCommandAsAUsageError() {
    // when
    CliRun run = CliRun.of();

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("Missing a command");
  }

  @Test
  void shouldReportAnUnknownOptionInOneLine() {
    // when
    CliRun run = CliRun.of("lint", "--frobnicate", "examples/build-test-deploy.json");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("--frobnicate")
        .contains("baton lint --help");
  }

  @Test
  void shouldReportAnUnknownCommandInOneLine() {
    // when
    CliRun run = CliRun.of("deploy");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("deploy");
  }
}
