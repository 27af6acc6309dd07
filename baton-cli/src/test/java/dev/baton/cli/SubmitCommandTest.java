package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Submit and the other client commands, without a broker: what a user gets when things are wrong.
 */
class SubmitCommandTest {

  /** Nothing listens on port 1; connections are refused at once. */
  private static final String NO_BROKER = "127.0.0.1:1";

  @TempDir Path dir;

  @Test
  @Timeout(20)
  void shouldExitWith3WithinSecondsWhenTheBrokerIsUnreachable() {
    // when
    CliRun run =
        CliRun.of(
            "submit", "-f", "examples/build-test-deploy.json", "--bootstrap-servers", NO_BROKER);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("cannot reach Kafka at " + NO_BROKER);
    assertThat(run.elapsedMs()).isLessThan(10_000);
  }

  @Test
  @Timeout(20)
  void shouldExitWith3WhenALifecycleCommandCannotReachTheBroker() {
    // when
    CliRun run = CliRun.of("pause", "some-instance", "--bootstrap-servers", NO_BROKER);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.errLines()).singleElement().asString().contains("cannot reach Kafka");
    assertThat(run.elapsedMs()).isLessThan(10_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"submit", "pause", "retry", "watch", "worker", "events", "server", "topics"})
  @Timeout(30)
  void shouldExitWith3InOneLineWhenNoBootstrapHostResolves(String command) {
    // given: .invalid never resolves (RFC 2606)
    List<String> args = new ArrayList<>(List.of(command));
    if (command.equals("submit")) {
      args.addAll(List.of("-f", "examples/build-test-deploy.json"));
    } else if (command.equals("topics")) {
      args.add("create");
    } else if (!List.of("worker", "events", "server").contains(command)) {
      args.add("some-instance");
    }
    args.addAll(List.of("--bootstrap-servers", "notahost.invalid:9092"));

    // when
    CliRun run;
    List<String> logged;
    try (LogCapture logs = new LogCapture()) {
      run = CliRun.of(args.toArray(String[]::new));
      logged = logs.lines();
    }

    // then: one line, and no library warning before it
    assertThat(logged).as("logged while the command ran").isEmpty();
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("baton " + command)
        .contains(": cannot reach Kafka at notahost.invalid:9092")
        .doesNotContain("KafkaException");
  }

  @Test
  void shouldTellAnUnresolvableHostFromOtherClientSettingProblems() {
    KafkaException unresolvable =
        new KafkaException(
            "Failed to create new KafkaAdminClient",
            new ConfigException("No resolvable bootstrap urls given in bootstrap.servers"));
    KafkaException badSetting =
        new KafkaException(
            "Failed to construct kafka producer",
            new ConfigException("Invalid value xyz for configuration security.protocol"));

    assertThat(KafkaClients.creationFailure(unresolvable, "h:1").exitCode())
        .isEqualTo(ExitCodes.UNREACHABLE);
    CliException bad = KafkaClients.creationFailure(badSetting, "h:1");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bad).hasMessageContaining("security.protocol");
  }

  @Test
  void shouldRefuseAnInvalidDefinitionBeforeContactingKafka() throws IOException {
    // given
    Path file =
        Files.writeString(
            dir.resolve("cycle.json"),
            "{\"id\": \"w\", \"tasks\": ["
                + "{\"id\": \"a\", \"dependencies\": [\"b\"]}, {\"id\": \"b\", \"dependencies\": [\"a\"]}]}");

    // when
    CliRun run = CliRun.of("submit", "-f", file.toString(), "--bootstrap-servers", NO_BROKER);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("cycle.json")
        .contains("dependency cycle");
    assertThat(run.elapsedMs()).as("no broker was contacted").isLessThan(3_000);
  }

  @Test
  void shouldRefuseAMissingDefinitionFile() {
    // when
    CliRun run =
        CliRun.of(
            "submit",
            "-f",
            dir.resolve("missing.json").toString(),
            "--bootstrap-servers",
            NO_BROKER);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("no such file");
  }

  @Test
  void shouldRefuseAnInstanceIdTheContractDoesNotAllow() {
    // when
    CliRun run =
        CliRun.of(
            "submit",
            "-f",
            "examples/build-test-deploy.json",
            "--id",
            "a b",
            "--bootstrap-servers",
            NO_BROKER);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("not an instance id");
  }

  @Test
  void shouldRequireTheDefinitionFile() {
    // when
    CliRun run = CliRun.of("submit");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("Missing required option")
        .contains("--file");
  }

  @Test
  void shouldGenerateInstanceIdsFromTheWorkflowId() {
    String id = SubmitCommand.generateId("deploy");

    assertThat(id).matches("deploy-[0-9a-f]{8}");
    assertThat(SubmitCommand.generateId("w".repeat(128))).hasSize(128);
  }

  @Test
  @Timeout(20)
  void shouldExitWith3WhenTheServerIsUnreachable() {
    // when
    CliRun run = CliRun.of("status", "some-instance", "--server", "http://127.0.0.1:1");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("cannot reach the Baton server at http://127.0.0.1:1");
  }
}
