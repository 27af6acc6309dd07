package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list, history and status against a stand-in for the server's HTTP API. */
class QueryCommandsTest {

  private static final String ITEM_DONE =
      "{\"instanceId\":\"release-42\",\"workflowId\":\"deploy\",\"status\":\"COMPLETED\","
          + "\"progress\":1.0,\"totalTasks\":3,\"completedTasks\":3,\"failedTasks\":0,"
          + "\"createdAt\":1764340000000,\"startedAt\":1764340000100,\"endedAt\":1764340004300}";
  private static final String ITEM_FAILED =
      "{\"instanceId\":\"release-43\",\"workflowId\":\"deploy\",\"status\":\"FAILED\","
          + "\"progress\":0.3333,\"totalTasks\":3,\"completedTasks\":1,\"failedTasks\":1,"
          + "\"createdAt\":1764339000000,\"startedAt\":1764339000100,\"endedAt\":1764339001100}";
  private static final String ITEM_PENDING =
      "{\"instanceId\":\"release-44\",\"workflowId\":\"deploy\",\"status\":\"PENDING\","
          + "\"progress\":0.0,\"totalTasks\":3,\"completedTasks\":0,\"failedTasks\":0,"
          + "\"createdAt\":1764338000000,\"startedAt\":null,\"endedAt\":null}";

  @TempDir Path dir;

  private FakeServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new FakeServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void shouldListOnePageAsATableWithTheHintToTheNext() {
    // given
    server.answer(
        "/workflows?limit=2",
        200,
        "{\"items\":[" + ITEM_DONE + "," + ITEM_FAILED + "],\"next\":\"c2\"}");

    // when
    CliRun run = CliRun.of("list", "--limit", "2", "--server", server.address());

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .first()
        .asString()
        .matches("INSTANCE +WORKFLOW +STATUS +PROGRESS +TASKS +CREATED +DURATION");
    assertThat(run.out())
        .containsPattern("release-42 +deploy +COMPLETED +100% +3/3 +\\S.* +4\\.2 s")
        .containsPattern("release-43 +deploy +FAILED +33% +1/3, 1 failed .* +1\\.0 s")
        .contains("More: baton list --limit 2 --after c2");
  }

  @Test
  void shouldFollowEveryPageWithAllAndPassTheFilters() {
    // given
    server
        .answer(
            "/workflows?limit=1&status=COMPLETED&status=FAILED&workflowId=deploy",
            200,
            "{\"items\":[" + ITEM_DONE + "],\"next\":\"c1\"}")
        .answer(
            "/workflows?limit=1&status=COMPLETED&status=FAILED&workflowId=deploy&after=c1",
            200,
            "{\"items\":[" + ITEM_FAILED + "],\"next\":null}");

    // when
    CliRun run =
        CliRun.of(
            "list",
            "--status",
            "completed",
            "--status",
            "FAILED",
            "--workflow",
            "deploy",
            "--limit",
            "1",
            "--all",
            "--server",
            server.address());

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("release-42").contains("release-43").doesNotContain("More:");
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void shouldListAsJsonWithEveryPagesItems() throws IOException {
    // given
    server
        .answer("/workflows?limit=50", 200, "{\"items\":[" + ITEM_DONE + "],\"next\":\"c1\"}")
        .answer(
            "/workflows?limit=50&after=c1",
            200,
            "{\"items\":[" + ITEM_PENDING + "],\"next\":null}");

    // when
    CliRun run = CliRun.of("list", "--all", "--output", "json", "--server", server.address());

    // then
    JsonNode json = Json.MAPPER.readTree(run.out());
    assertThat(json.get("items"))
        .extracting(i -> i.get("instanceId").asText())
        .containsExactly("release-42", "release-44");
    assertThat(json.get("next").isNull()).isTrue();
  }

  @Test
  void shouldShowADashForAnInstanceThatHasNotStarted() {
    server.answer("/workflows?limit=50", 200, "{\"items\":[" + ITEM_PENDING + "],\"next\":null}");

    CliRun run = CliRun.of("list", "--server", server.address());

    assertThat(run.out()).containsPattern("release-44 +deploy +PENDING +0% +0/3 +\\S.* +-\\n");
  }

  @Test
  void shouldRefuseAnUnknownStatusBeforeAskingTheServer() {
    CliRun run = CliRun.of("list", "--status", "DONE", "--server", server.address());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("'DONE' is not a status");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void shouldRefuseALimitOverTheServersMaximum() {
    CliRun run = CliRun.of("list", "--limit", "1001", "--server", server.address());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("--limit");
  }

  @Test
  void shouldSendTheConfiguredTokenAndExplainARefusal() throws IOException {
    // given
    Path config = Files.writeString(dir.resolve("c.properties"), "baton.http.token=s3cret\n");
    server.answer(
        "/workflows?limit=50",
        401,
        "{\"error\":\"UNAUTHORIZED\",\"message\":\"This server needs a token\"}");

    // when
    CliRun run = CliRun.of("list", "--server", server.address(), "--config", config.toString());

    // then
    assertThat(server.requests)
        .singleElement()
        .extracting(FakeServer.Request::authorization)
        .isEqualTo("Bearer s3cret");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("refused the request (401)")
        .contains("baton.http.token");
  }

  @Test
  void shouldFindTheServerFromTheConfiguredPort() throws IOException {
    // given
    Path config =
        Files.writeString(dir.resolve("c.properties"), "baton.http.port=" + server.port() + "\n");
    server.answer("/workflows?limit=50", 200, "{\"items\":[],\"next\":null}");

    // when
    CliRun run = CliRun.of("list", "--config", config.toString());

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("No instances.");
  }

  @Test
  void shouldPrintTheHistoryALineAnEventFollowingThePages() {
    // given
    server
        .answer(
            "/workflows/release-43/history?after=0&limit=1000",
            200,
            "{\"instanceId\":\"release-43\",\"events\":["
                + "{\"type\":\"WorkflowCreated\",\"instanceId\":\"release-43\",\"seq\":1,"
                + "\"timestamp\":1764339000000,\"status\":\"PENDING\",\"progress\":0.0,"
                + "\"plan\":{\"executionOrder\":[\"build\",\"test\"]}},"
                + "{\"type\":\"TaskCompleted\",\"instanceId\":\"release-43\",\"seq\":2,"
                + "\"timestamp\":1764339000500,\"status\":\"RUNNING\",\"progress\":0.5,"
                + "\"taskId\":\"build\",\"attempt\":1,\"output\":{\"artifact\":\"app.jar\"}}"
                + "],\"next\":2}")
        .answer(
            "/workflows/release-43/history?after=2&limit=1000",
            200,
            "{\"instanceId\":\"release-43\",\"events\":["
                + "{\"type\":\"TaskFailed\",\"instanceId\":\"release-43\",\"seq\":3,"
                + "\"timestamp\":1764339000900,\"status\":\"RUNNING\",\"progress\":0.5,"
                + "\"taskId\":\"test\",\"attempt\":2,\"error\":\"3 tests failed\","
                + "\"willRetry\":false},"
                + "{\"type\":\"WorkflowFailed\",\"instanceId\":\"release-43\",\"seq\":4,"
                + "\"timestamp\":1764339001000,\"status\":\"FAILED\",\"progress\":0.5,"
                + "\"error\":\"task test failed after 2 attempts: 3 tests failed\"}"
                + "],\"next\":null}");

    // when
    CliRun run = CliRun.of("history", "release-43", "--server", server.address());

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .hasSize(4)
        .satisfiesExactly(
            l -> assertThat(l).matches("    1  \\S.*  WorkflowCreated \\(2 tasks\\)"),
            l ->
                assertThat(l)
                    .matches("    2  \\S.*  TaskCompleted build: \\{\"artifact\":\"app.jar\"}"),
            l ->
                assertThat(l)
                    .matches(
                        "    3  \\S.*  TaskFailed test \\(attempt 2\\): 3 tests failed, no"
                            + " attempts left"),
            l ->
                assertThat(l)
                    .endsWith("WorkflowFailed: task test failed after 2 attempts: 3 tests failed"));
  }

  @Test
  void shouldStopTheHistoryAtTheLimitAndSayHowToGoOn() {
    server.answer(
        "/workflows/i-1/history?after=3&limit=1",
        200,
        "{\"instanceId\":\"i-1\",\"events\":[{\"type\":\"WorkflowStarted\",\"seq\":4,"
            + "\"timestamp\":1764339000000}],\"next\":4}");

    CliRun run =
        CliRun.of("history", "i-1", "--after", "3", "--limit", "1", "--server", server.address());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("WorkflowStarted").contains("More: baton history i-1 --after 4");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void shouldSayThereIsNoSuchInstance() {
    server.answer(
        "/workflows/ghost/history?after=0&limit=1000",
        404,
        "{\"error\":\"NOT_FOUND\",\"message\":\"No workflow instance 'ghost'\"}");

    CliRun history = CliRun.of("history", "ghost", "--server", server.address());
    CliRun status = CliRun.of("status", "ghost", "--server", server.address());

    assertThat(history.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(history.errLines())
        .singleElement()
        .asString()
        .contains("no workflow instance 'ghost'");
    assertThat(status.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(status.errLines())
        .singleElement()
        .asString()
        .contains("no workflow instance 'ghost'");
  }

  @Test
  void shouldShowTheTaskOutputsInStatus() {
    // given
    server.answer(
        "/workflows/release-42",
        200,
        "{\"instanceId\":\"release-42\",\"workflowId\":\"deploy\",\"status\":\"COMPLETED\","
            + "\"progress\":1.0,\"metrics\":{\"totalTasks\":2,\"completedTasks\":2},"
            + "\"tasks\":[{\"id\":\"build\",\"status\":\"COMPLETED\",\"attempt\":1,"
            + "\"output\":{\"artifact\":\"app.jar\"}},"
            + "{\"id\":\"deploy\",\"status\":\"COMPLETED\",\"attempt\":1,\"output\":null}]}");

    // when
    CliRun run = CliRun.of("status", "release-42", "--server", server.address());

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Outputs:")
        .containsPattern("  build +\\{\"artifact\":\"app.jar\"}");
    assertThat(run.out().lines().filter(l -> l.startsWith("  deploy"))).hasSize(1);
  }

  @Test
  void shouldRetryWhileTheServerIsStartingAndThenGiveUpWithExit3() {
    server.answer(
        "/workflows/i-1",
        503,
        "{\"error\":\"UNAVAILABLE\",\"message\":\"Kafka Streams is REBALANCING\"}");
    ServerClient client =
        new ServerClient(ServerUrl.parse(server.address(), 8080), java.util.Optional.empty(), 10);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get("/workflows/i-1"))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNREACHABLE))
        .hasMessageContaining("REBALANCING");
    assertThat(server.requests).hasSize(5);
  }
}
