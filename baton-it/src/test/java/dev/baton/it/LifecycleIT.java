package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.worker.TaskRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pause, resume and cancel while a worker is running a task. */
class LifecycleIT extends EmbeddedBrokerTestBase {

  private final Gate gate = new Gate();

  @BeforeEach
  void startServerAndWorker() {
    app.startServer();
    app.startWorker(
        new TaskRegistry()
            .register(
                "Slow",
                task -> {
                  gate.pass();
                  return Scenarios.output(task);
                })
            .register("Fast", Scenarios::output));
  }

  @AfterEach
  void releaseBlockedTasks() {
    gate.open();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldRecordAResultWhilePausedButDispatchNothingUntilResumed() throws Exception {
    // given: a is running at the worker
    app.create("paused-1", Definitions.chain("chain", "Slow", "Fast"), true);
    gate.awaitArrival();
    // when
    app.lifecycle("PauseWorkflow", "paused-1");
    app.status.awaitEvent("paused-1", "WorkflowPaused");
    gate.open();
    // then: a's result is recorded, and b is not dispatched
    JsonNode completed = app.status.awaitTaskEvent("paused-1", "TaskCompleted", "a", 1);
    assertThat(completed.get("status").asText()).isEqualTo("PAUSED");
    assertThat(completed.get("progress").asDouble()).isEqualTo(0.5);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(Scenarios.taskEvents(app, "paused-1", "TaskDispatched"))
                  .containsExactly("a");
              assertThat(app.dispatches.values("paused-1")).hasSize(1);
            });
    // when
    app.lifecycle("ResumeWorkflow", "paused-1");
    // then
    app.status.awaitEvent("paused-1", "WorkflowCompleted");
    assertThat(app.status.types("paused-1"))
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "WorkflowPaused",
            "TaskCompleted",
            "WorkflowResumed",
            "TaskDispatched",
            "TaskCompleted",
            "WorkflowCompleted");
    app.status.assertSeqIsGapless("paused-1");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldCancelTheRunningTaskThenTheWorkflow() throws Exception {
    // given: the only task is running at the worker
    app.create("cancelled-1", Definitions.single("one", "Slow", 0), true);
    gate.awaitArrival();
    // when
    app.cancel("cancelled-1", "no longer needed");
    // then
    JsonNode cancelled = app.status.awaitEvent("cancelled-1", "WorkflowCancelled");
    assertThat(cancelled.get("reason").asText()).isEqualTo("no longer needed");
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(app.status.types("cancelled-1"))
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "TaskCancelled",
            "WorkflowCancelled");
    JsonNode taskCancelled = app.status.events("cancelled-1").get(3);
    assertThat(taskCancelled.get("taskId").asText()).isEqualTo("t");
    assertThat(taskCancelled.get("attempt").asInt()).isEqualTo(1);
    // when: the worker finishes the task anyway
    gate.open();
    // then: its result is refused, with the next seq
    JsonNode rejected = app.status.awaitEvent("cancelled-1", "CommandRejected");
    assertThat(rejected.get("reason").asText()).isEqualTo("WORKFLOW_TERMINAL");
    assertThat(rejected.get("command").asText()).isEqualTo("TaskCompleted");
    assertThat(rejected.get("status").asText()).isEqualTo("CANCELLED");
    app.status.assertSeqIsGapless("cancelled-1");
    assertThat(app.status.types("cancelled-1")).hasSize(6);
    assertThat(List.copyOf(app.dispatches.values("cancelled-1"))).hasSize(1);
  }
}
