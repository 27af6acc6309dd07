package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers live in the state stores: an attempt timeout, a retry backoff and a workflow timeout
 * scheduled by one server fire, once each, from the server that takes over after it stops, even
 * with its state directory wiped (restored from the changelog).
 */
class TimersIT extends EmbeddedBrokerTestBase {

  // No worker runs here: nobody answers the dispatches, so only timers move these workflows.

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldFireTimersScheduledBeforeARestartOnceEachAfterIt() throws Exception {
    // given: three kinds of timer pending when the first server stops
    Path stateDir = app.newStateDir();
    BatonServer first = app.startServer(stateDir);
    app.create(
        "timeout",
        "{\"id\":\"timeout\",\"maxRetries\":1," + "\"tasks\":[{\"id\":\"t\",\"timeoutMs\":3000}]}",
        true);
    app.create(
        "backoff",
        "{\"id\":\"backoff\",\"maxRetries\":1,"
            + "\"tasks\":[{\"id\":\"t\",\"retryBackoff\":{\"initialMs\":3000}}]}",
        true);
    app.create(
        "deadline",
        "{\"id\":\"deadline\",\"timeoutMs\":3000," + "\"tasks\":[{\"id\":\"t\"}]}",
        true);
    JsonNode timeoutDispatched = app.status.awaitTaskEvent("timeout", "TaskDispatched", "t", 1);
    app.status.awaitTaskEvent("backoff", "TaskDispatched", "t", 1);
    JsonNode deadlineStarted = app.status.awaitEvent("deadline", "WorkflowStarted");
    app.send(
        app.topics.taskResults(),
        "backoff",
        ("{\"type\":\"TaskFailed\",\"instanceId\":"
                + "\"backoff\",\"taskId\":\"t\",\"attempt\":1,\"error\":\"flaky\"}")
            .getBytes(StandardCharsets.UTF_8));
    JsonNode failed = app.status.awaitTaskEvent("backoff", "TaskFailed", "t", 1);
    assertThat(failed.get("willRetry").asBoolean()).isTrue();
    long retryAt = failed.get("retryAt").asLong();
    assertThat(retryAt).isEqualTo(failed.get("timestamp").asLong() + 3000);

    // when: it stops before any is due, and a server with a wiped state directory takes over
    first.close();
    TestApp.delete(stateDir);
    Files.createDirectories(stateDir);
    app.startServer(stateDir);

    // then: the attempt times out, is retried, and its last attempt times out too
    JsonNode timedOut = app.status.awaitTaskEvent("timeout", "TaskTimedOut", "t", 1);
    assertThat(timedOut.get("error").asText()).isEqualTo("timed out after 3000 ms");
    assertThat(timedOut.get("willRetry").asBoolean()).isTrue();
    assertThat(timedOut.get("timestamp").asLong())
        .isGreaterThanOrEqualTo(timeoutDispatched.get("timestamp").asLong() + 3000);
    JsonNode timeoutFailed = app.status.awaitEvent("timeout", "WorkflowFailed");
    assertThat(timeoutFailed.get("error").asText())
        .isEqualTo("task t failed after 2 attempts: timed out after 3000 ms");
    // and the retry comes when its backoff has passed, not before
    JsonNode retried = app.status.awaitTaskEvent("backoff", "TaskDispatched", "t", 2);
    assertThat(retried.get("timestamp").asLong()).isGreaterThanOrEqualTo(retryAt);
    // and the workflow that ran out of time fails, its running task cancelled first
    JsonNode deadlineFailed = app.status.awaitEvent("deadline", "WorkflowFailed");
    assertThat(deadlineFailed.get("error").asText()).isEqualTo("workflow timed out after 3000 ms");
    assertThat(deadlineFailed.get("timestamp").asLong())
        .isGreaterThanOrEqualTo(deadlineStarted.get("timestamp").asLong() + 3000);
    assertThat(app.status.types("deadline"))
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "TaskCancelled",
            "WorkflowFailed");

    // each fired exactly once, and every history stayed gapless across the restart
    assertThat(app.status.types("timeout"))
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "TaskTimedOut",
            "TaskDispatched",
            "TaskTimedOut",
            "WorkflowFailed");
    assertThat(app.status.types("backoff"))
        .containsExactly(
            "WorkflowCreated", "WorkflowStarted", "TaskDispatched", "TaskFailed", "TaskDispatched");
    for (String id : new String[] {"timeout", "backoff", "deadline"}) {
      app.status.assertSeqIsGapless(id);
    }
  }
}
