package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.server.BatonServer;
import dev.baton.worker.TaskRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server stops half way through a workflow and a new one takes over with the same application
 * id: on the same state directory, and on a wiped one (state restored from the changelogs). The
 * workflow finishes with one gapless seq and the state it would have had.
 */
class RestartIT extends EmbeddedBrokerTestBase {

  private static final String ID = "restart-1";

  private final Gate gate = new Gate();

  @BeforeEach
  void startServerAndWorker() {
    app.startWorker(
        new TaskRegistry()
            .register("Build", Scenarios::output)
            .register(
                "Slow",
                task -> {
                  gate.pass();
                  return Scenarios.output(task);
                })
            .register("Deploy", Scenarios::output));
  }

  @AfterEach
  void releaseBlockedTasks() {
    gate.open();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldFinishAWorkflowAfterARestartOnTheSameStateDirectory() throws Exception {
    Path stateDir = app.newStateDir();
    runAcrossARestart(stateDir, false);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldFinishAWorkflowAfterARestartOnAWipedStateDirectory() throws Exception {
    Path stateDir = app.newStateDir();
    runAcrossARestart(stateDir, true);
  }

  private void runAcrossARestart(Path stateDir, boolean wipe) throws Exception {
    // given: a is done and b is running at the worker
    BatonServer first = app.startServer(stateDir);
    app.create(ID, Definitions.chain3("three", "Build", "Slow", "Deploy"), true);
    gate.awaitArrival();
    app.status.awaitTaskEvent(ID, "TaskDispatched", "b", 1);
    JsonNode before = HttpJson.getServed(first, "/workflows/" + ID).body();
    assertThat(before.get("status").asText()).isEqualTo("RUNNING");
    assertThat(before.get("seq").asLong()).isEqualTo(app.status.events(ID).size());
    // when: the server stops, and another takes over
    first.close();
    if (wipe) {
      TestApp.delete(stateDir);
      Files.createDirectories(stateDir);
    }
    BatonServer second = app.startServer(stateDir);
    // then: it has the state the first one left
    HttpJson.Answer restored = HttpJson.getServed(second, "/workflows/" + ID);
    assertThat(restored.status()).isEqualTo(200);
    assertThat(HttpJson.timeless(restored.body())).isEqualTo(HttpJson.timeless(before));
    // when: the worker finishes b
    gate.open();
    // then
    JsonNode completed = app.status.awaitEvent(ID, "WorkflowCompleted");
    assertThat(app.status.types(ID))
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "TaskCompleted",
            "TaskDispatched",
            "TaskCompleted",
            "TaskDispatched",
            "TaskCompleted",
            "WorkflowCompleted");
    app.status.assertSeqIsGapless(ID);
    assertThat(app.dispatches.values(ID))
        .extracting(d -> d.get("taskId").asText())
        .containsExactly("a", "b", "c");
    JsonNode lastMetrics =
        app.metrics.await(ID, m -> "COMPLETED".equals(m.get("status").asText()), "final metrics");
    HttpJson.Answer finished = HttpJson.getServed(second, "/workflows/" + ID);
    assertThat(finished.status()).as("%s", finished.body()).isEqualTo(200);
    JsonNode state = finished.body();
    assertThat(state.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(state.get("seq").asLong()).isEqualTo(completed.get("seq").asLong());
    assertThat(state.get("progress").asDouble()).isEqualTo(1.0);
    assertThat(state.get("endedAt").asLong()).isEqualTo(completed.get("timestamp").asLong());
    assertThat(state.get("tasks"))
        .allSatisfy(
            task -> {
              assertThat(task.get("status").asText()).isEqualTo("COMPLETED");
              assertThat(task.get("attempt").asInt()).isEqualTo(1);
            });
    ObjectNode metrics = state.get("metrics").deepCopy();
    ObjectNode published = lastMetrics.deepCopy();
    metrics.remove("timestamp");
    published.remove("timestamp");
    assertThat(metrics).isEqualTo(published);
  }
}
