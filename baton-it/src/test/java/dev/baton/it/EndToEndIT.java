package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.worker.NonRetryableTaskException;
import dev.baton.worker.TaskRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Workflows run to the end by the server and the Worker library on the embedded broker. */
class EndToEndIT extends EmbeddedBrokerTestBase {

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldCompleteAGroupsAndAnEagerWorkflowWithGaplessSeq() throws Exception {
    Scenarios.groupsAndEagerWorkflowsComplete(app);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldRetryAFlakyTaskAndComplete() {
    // given: attempt 1 fails, attempt 2 succeeds
    app.startServer();
    app.startWorker(
        new TaskRegistry()
            .register(
                "Flaky",
                task -> {
                  if (task.attempt() == 1) {
                    throw new IllegalStateException("connection reset");
                  }
                  return Scenarios.output(task);
                }));
    // when
    app.create("flaky-1", Definitions.single("flaky", "Flaky", 2), true);
    // then
    app.status.awaitEvent("flaky-1", "WorkflowCompleted");
    assertThat(app.status.types("flaky-1"))
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "TaskFailed",
            "TaskDispatched",
            "TaskCompleted",
            "WorkflowCompleted");
    JsonNode failed = app.status.awaitTaskEvent("flaky-1", "TaskFailed", "t", 1);
    assertThat(failed.get("error").asText()).isEqualTo("connection reset");
    assertThat(failed.get("willRetry").asBoolean()).isTrue();
    assertThat(failed.get("status").asText()).isEqualTo("RUNNING");
    app.status.awaitTaskEvent("flaky-1", "TaskCompleted", "t", 2);
    app.status.assertSeqIsGapless("flaky-1");
    assertThat(app.dispatches.values("flaky-1"))
        .extracting(d -> d.get("attempt").asInt())
        .containsExactly(1, 2);
    JsonNode metrics =
        app.metrics.await(
            "flaky-1", m -> "COMPLETED".equals(m.get("status").asText()), "final metrics");
    assertThat(metrics.get("retries").asInt()).isEqualTo(1);
    assertThat(metrics.get("failedTasks").asInt()).isZero();
    assertThat(metrics.get("completedTasks").asInt()).isEqualTo(1);
    assertThat(metrics.get("successRate").asDouble()).isEqualTo(1.0);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldFailTheWorkflowWhenATaskExhaustsItsAttemptsOrCannotBeRetried() {
    // given
    app.startServer();
    app.startWorker(
        new TaskRegistry()
            .register(
                "Doomed",
                task -> {
                  throw new IllegalStateException("disk full");
                })
            .register(
                "Refused",
                task -> {
                  throw new NonRetryableTaskException("bad input");
                }));
    // when
    app.create("doomed-1", Definitions.single("doomed", "Doomed", 1), true);
    app.create("refused-1", Definitions.single("refused", "Refused", 3), true);
    // then: two attempts, then the contract's error text
    JsonNode doomed = app.status.awaitEvent("doomed-1", "WorkflowFailed");
    assertThat(doomed.get("error").asText()).isEqualTo("task t failed after 2 attempts: disk full");
    assertThat(doomed.get("status").asText()).isEqualTo("FAILED");
    JsonNode lastAttempt = app.status.awaitTaskEvent("doomed-1", "TaskFailed", "t", 2);
    assertThat(lastAttempt.get("willRetry").asBoolean()).isFalse();
    assertThat(app.status.types("doomed-1"))
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "TaskFailed",
            "TaskDispatched",
            "TaskFailed",
            "WorkflowFailed");
    // and: a non-retryable failure fails at once, retries left or not
    JsonNode refused = app.status.awaitEvent("refused-1", "WorkflowFailed");
    assertThat(refused.get("error").asText())
        .isEqualTo("task t failed after 1 attempts: bad input");
    assertThat(app.dispatches.values("refused-1")).hasSize(1);
    for (String instanceId : List.of("doomed-1", "refused-1")) {
      app.status.assertSeqIsGapless(instanceId);
    }
    JsonNode metrics =
        app.metrics.await(
            "doomed-1", m -> "FAILED".equals(m.get("status").asText()), "final metrics");
    assertThat(metrics.get("failedTasks").asInt()).isEqualTo(1);
    assertThat(metrics.get("retries").asInt()).isEqualTo(1);
    assertThat(metrics.get("successRate").asDouble()).isEqualTo(0.0);
  }
}
