package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.ApplicationIdCheck;
import dev.baton.cli.BatonCli;
import dev.baton.cli.ExitCodes;
import dev.baton.protocol.json.Json;
import dev.baton.server.BatonServer;
import dev.baton.worker.TaskRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The v1.1 command line end to end on the embedded broker: submit's own outcome, retry, list,
 * history, status with outputs, events (status and dead letters), watch on an unknown id, and the
 * application-id warning. Each command runs in this JVM, configured like a user's with --config.
 */
class CliV11IT extends EmbeddedBrokerTestBase {

  /** One run of the command line, captured. */
  record Run(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private Run cli(String... args) {
    CommandLine commandLine = BatonCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** This test's settings (its broker and topics) as the --config file a user would write. */
  private String configFile() {
    Properties props = new Properties();
    props.putAll(app.settings(app.newStateDir()));
    Path file = app.newStateDir().resolve("cli.properties");
    try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(writer, "CliV11IT");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toString();
  }

  private Path definitionFile(String json) {
    try {
      return Files.writeString(app.newStateDir().resolve("def.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void shouldSubmitRefuseAnIdInUseRetryAndShowListHistoryStatusAndEvents() {
    // given: a server, and a worker whose task fails until it is fixed
    BatonServer server = app.startServer();
    String url = server.httpUri().toString();
    AtomicBoolean broken = new AtomicBoolean(true);
    app.startWorker(
        new TaskRegistry()
            .register("Build", Scenarios::output)
            .register(
                "Deploy",
                task -> {
                  if (broken.get()) {
                    throw new IllegalStateException("disk full");
                  }
                  ObjectNode output = Json.MAPPER.createObjectNode();
                  output.put("url", "https://example.invalid/app");
                  output.put("attempt", task.attempt());
                  return output;
                }));
    String config = configFile();
    Path definition =
        definitionFile(
            "{\"id\": \"cli-deploy\", \"tasks\": ["
                + Definitions.task("build", "Build", 10)
                + ","
                + Definitions.task("ship", "Deploy", 10, "build")
                + "]}");

    // when: submitted and started, it fails at ship
    Run submitted =
        cli("submit", "-f", definition.toString(), "--id", "cli-1", "--start", "--config", config);

    // then: the answer of this very command
    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    assertThat(submitted.out())
        .contains("Submitted workflow 'cli-deploy' (2 tasks) as instance cli-1")
        .contains("cli-1: WorkflowStarted, status RUNNING");
    app.status.awaitEvent("cli-1", "WorkflowFailed");

    // when: the same id again, with --watch
    Run again =
        cli(
            "submit",
            "-f",
            definition.toString(),
            "--id",
            "cli-1",
            "--start",
            "--watch",
            "--plain",
            "--config",
            config);

    // then: refused, exit 1, and the old instance is not replayed as if it were new
    assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(again.errLines())
        .singleElement()
        .asString()
        .contains("CreateWorkflow for cli-1 was rejected: ALREADY_EXISTS");
    assertThat(again.out()).isEmpty();

    // list: the failed instance
    Run failedList = cli("list", "--status", "FAILED", "--server", url, "--config", config);
    assertThat(failedList.exitCode()).as(failedList.err()).isZero();
    assertThat(failedList.out()).containsPattern("cli-1 +cli-deploy +FAILED +50% +1/2, 1 failed");

    // retry, once the task is fixed
    broken.set(false);
    Run retried = cli("retry", "cli-1", "--config", config);
    assertThat(retried.exitCode()).as(retried.err()).isZero();
    assertThat(retried.out().trim())
        .isEqualTo("cli-1: WorkflowRetried, status RUNNING; tasks retried: ship");
    app.status.awaitEvent("cli-1", "WorkflowCompleted");

    // a second retry is refused with the engine's reason
    Run refused = cli("retry", "cli-1", "--config", config);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.errLines()).singleElement().asString().contains("INVALID_TRANSITION");

    // status: the outputs
    Run status = cli("status", "cli-1", "--server", url, "--config", config);
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("COMPLETED")
        .contains("Outputs:")
        .containsPattern("  ship +\\{\"url\":\"https://example.invalid/app\",\"attempt\":2}");

    // history: every event, in seq order, one line each, across pages
    Run history = cli("history", "cli-1", "--server", url, "--config", config);
    assertThat(history.exitCode()).as(history.err()).isZero();
    List<String> lines = history.out().lines().toList();
    int events = app.status.events("cli-1").size();
    assertThat(lines).hasSize(events);
    assertThat(lines.get(0)).matches("    1  \\S+  WorkflowCreated \\(2 tasks\\)");
    assertThat(history.out())
        .contains("TaskFailed ship: disk full, no attempts left")
        .contains("WorkflowRetried: ship")
        .contains("TaskDispatched ship (attempt 2)")
        .contains("CommandRejected RetryWorkflow: INVALID_TRANSITION");
    assertThat(lines.get(lines.size() - 2)).contains("WorkflowCompleted");
    assertThat(lines.get(lines.size() - 1)).contains("CommandRejected RetryWorkflow");
    Run paged = cli("history", "cli-1", "--after", "2", "--limit", "3", "--server", url);
    assertThat(paged.out().lines().limit(3).map(l -> l.trim().split(" +")[0]))
        .containsExactly("3", "4", "5");
    assertThat(paged.out()).contains("More: baton history cli-1 --after 5");

    // events: the status topic, decoded, and a dead letter with its refused value
    Run statusEvents =
        cli("events", "--instance", "cli-1", "--from-beginning", "--max", "2", "--config", config);
    assertThat(statusEvents.exitCode()).as(statusEvents.err()).isZero();
    assertThat(statusEvents.out().lines().toList())
        .hasSize(2)
        .satisfiesExactly(
            l -> assertThat(l).contains("cli-1  #1  WorkflowCreated (2 tasks)  [PENDING 0%]"),
            l -> assertThat(l).contains("cli-1  #2  WorkflowStarted  [RUNNING 0%]"));
    app.send(app.topics.commands(), "junk-key", "not json at all".getBytes(StandardCharsets.UTF_8));
    Run deadLetters =
        cli(
            "events",
            "--topic",
            "dead-letter",
            "--from-beginning",
            "--max",
            "1",
            "--config",
            config);
    assertThat(deadLetters.exitCode()).as(deadLetters.err()).isZero();
    assertThat(deadLetters.out())
        .contains("DeadLetter MALFORMED_JSON  " + app.topics.commands() + "/")
        .contains("key=junk-key")
        .contains("value: not json at all");
    Run raw =
        cli(
            "events",
            "--instance",
            "cli-1",
            "--from-beginning",
            "--max",
            "1",
            "--output",
            "json",
            "--config",
            config);
    assertThat(raw.out().trim()).startsWith("{").contains("\"type\":\"WorkflowCreated\"");
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldListEveryPageAndWatchSayThatAnUnknownIdIsNoInstance() {
    // given
    BatonServer server = app.startServer();
    String url = server.httpUri().toString();
    String config = configFile();
    for (int i = 1; i <= 3; i++) {
      app.create("page-" + i, Definitions.single("paged", "Nobody", 0), false);
    }
    for (int i = 1; i <= 3; i++) {
      app.status.awaitEvent("page-" + i, "WorkflowCreated");
    }

    // when
    Run page = cli("list", "--workflow", "paged", "--limit", "2", "--server", url);
    Run all = cli("list", "--workflow", "paged", "--limit", "2", "--all", "--server", url);
    long start = System.nanoTime();
    Run ghost = cli("watch", "ghost", "--plain", "--server", url, "--config", config);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    // then
    assertThat(page.exitCode()).as(page.err()).isZero();
    assertThat(page.out().lines().filter(l -> l.startsWith("page-"))).hasSize(2);
    assertThat(page.out()).contains("More: baton list --workflow paged --limit 2 --after ");
    assertThat(all.out().lines().filter(l -> l.startsWith("page-"))).hasSize(3);
    assertThat(all.out()).doesNotContain("More:");
    assertThat(ghost.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(ghost.errLines())
        .last()
        .asString()
        .contains("no instance ghost")
        .contains("does not know it");
    assertThat(tookMs).isBetween(9_000L, 40_000L);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldWarnOfAnApplicationIdThatWouldReplayTheCommands() {
    // given: commands processed by this app's server
    app.startServer();
    app.create("replay-1", Definitions.single("replay", "Nobody", 0), false);
    app.status.awaitEvent("replay-1", "WorkflowCreated");

    // then: a fresh id would read them again; the server's own id has committed past them
    Optional<String> fresh =
        ApplicationIdCheck.warning(
            cluster.admin(),
            app.applicationId + "-new",
            app.topics.commands(),
            Duration.ofSeconds(5));
    assertThat(fresh)
        .hasValueSatisfying(
            w ->
                assertThat(w).contains("'" + app.applicationId + "-new' has no committed offsets"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        ApplicationIdCheck.warning(
                            cluster.admin(),
                            app.applicationId,
                            app.topics.commands(),
                            Duration.ofSeconds(5)))
                    .isEmpty());
  }
}
