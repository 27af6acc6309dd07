package dev.baton.topology;

import static dev.baton.topology.TopologyFixture.definition;
import static dev.baton.topology.TopologyFixture.read;
import static dev.baton.topology.TopologyFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowTopologyTest {

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static final String DIAMOND =
      definition(
          "diamond",
          "GROUPS",
          task("a", 100),
          task("b", 200, "a"),
          task("c", 50, "a"),
          task("d", 10, "b", "c"));

  @Test
  void shouldRunAWorkflowThroughTheTopicsWithGaplessSeq() {
    // given
    f.create("i-1", DIAMOND, true);
    // when
    f.completed("i-1", "a", 1);
    f.completed("i-1", "c", 1);
    f.completed("i-1", "b", 1);
    f.completed("i-1", "d", 1);
    // then
    List<JsonNode> events = read(f.status);
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly(
            "WorkflowCreated",
            "WorkflowStarted",
            "TaskDispatched",
            "TaskCompleted",
            "TaskDispatched",
            "TaskDispatched",
            "TaskCompleted",
            "TaskCompleted",
            "TaskDispatched",
            "TaskCompleted",
            "WorkflowCompleted");
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).get("seq").asLong()).isEqualTo(i + 1);
      assertThat(events.get(i).get("instanceId").asText()).isEqualTo("i-1");
      assertThat(events.get(i).get("workflowId").asText()).isEqualTo("diamond");
    }
    assertThat(events.get(events.size() - 1).get("status").asText()).isEqualTo("COMPLETED");
    assertThat(events.get(events.size() - 1).get("progress").asDouble()).isEqualTo(1.0);
    JsonNode plan = events.get(0).get("plan");
    assertThat(plan.get("executionOrder")).hasToString("[\"a\",\"b\",\"c\",\"d\"]");
    assertThat(plan.get("parallelGroups")).hasToString("[[\"a\"],[\"b\",\"c\"],[\"d\"]]");
    assertThat(plan.get("criticalPath")).hasToString("[\"a\",\"b\",\"d\"]");
    assertThat(plan.get("estimatedTotalTimeMs").asLong()).isEqualTo(310);
  }

  @Test
  void shouldPublishOneDispatchRecordPerAttemptWithTheTaskInput() {
    // given
    String definition =
        "{\"id\":\"wf\",\"maxRetries\":1,\"tasks\":[{\"id\":\"t\",\"name\":\"The T\","
            + "\"timeoutMs\":60000,\"input\":{\"suite\":\"all\",\"n\":[1,2]}}]}";
    f.create("i-1", definition, true);
    // when
    f.failed("i-1", "t", 1, "boom");
    // then
    List<JsonNode> dispatches = read(f.dispatch);
    assertThat(dispatches).hasSize(2);
    JsonNode first = dispatches.get(0);
    assertThat(first.get("type").asText()).isEqualTo("TaskDispatched");
    assertThat(first.get("workflowId").asText()).isEqualTo("wf");
    assertThat(first.get("taskId").asText()).isEqualTo("t");
    assertThat(first.get("name").asText()).isEqualTo("The T");
    assertThat(first.get("attempt").asInt()).isEqualTo(1);
    assertThat(first.get("input")).hasToString("{\"suite\":\"all\",\"n\":[1,2]}");
    assertThat(first.get("timeoutMs").asLong()).isEqualTo(60000);
    assertThat(first.get("dispatchedAt").asLong()).isEqualTo(f.now);
    assertThat(dispatches.get(1).get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void shouldPublishAMetricsSnapshotAfterEveryChange() {
    // given
    f.create("i-1", DIAMOND, false);
    f.command("StartWorkflow", "i-1");
    // when
    f.now += 40;
    f.completed("i-1", "a", 1);
    // then
    List<JsonNode> snapshots = read(f.metrics);
    assertThat(snapshots).hasSize(3);
    JsonNode created = snapshots.get(0);
    assertThat(created.get("status").asText()).isEqualTo("PENDING");
    assertThat(created.get("actualDurationMs").isNull()).isTrue();
    assertThat(created.get("estimatedTimeRemainingMs").asLong()).isEqualTo(310);
    JsonNode last = snapshots.get(2);
    assertThat(last.get("type").asText()).isEqualTo("WorkflowMetrics");
    assertThat(last.get("completedTasks").asInt()).isEqualTo(1);
    assertThat(last.get("runningTasks").asInt()).isEqualTo(2);
    assertThat(last.get("pendingTasks").asInt()).isEqualTo(1);
    assertThat(last.get("progress").asDouble()).isEqualTo(0.25);
    assertThat(last.get("actualDurationMs").asLong()).isEqualTo(40);
    assertThat(last.get("estimatedTimeRemainingMs").asLong()).isEqualTo(210);
    assertThat(last.get("criticalPath")).hasToString("[\"b\",\"d\"]");
  }

  @Test
  void shouldRejectACommandForAnUnknownInstanceWithSeqZeroAndNoStatus() {
    // when
    f.command("StartWorkflow", "nope");
    // then
    List<JsonNode> events = read(f.status);
    assertThat(events).hasSize(1);
    JsonNode rejection = events.get(0);
    assertThat(rejection.get("type").asText()).isEqualTo("CommandRejected");
    assertThat(rejection.get("seq").asLong()).isZero();
    assertThat(rejection.get("reason").asText()).isEqualTo("UNKNOWN_INSTANCE");
    assertThat(rejection.get("command").asText()).isEqualTo("StartWorkflow");
    assertThat(rejection.has("status")).isFalse();
    assertThat(rejection.has("progress")).isFalse();
    assertThat(read(f.metrics)).isEmpty();
  }

  @Test
  void shouldRejectAnInvalidDefinitionNamingTheCycle() {
    // when
    f.create(
        "i-1",
        definition("wf", "GROUPS", task("a", 1, "c"), task("b", 1, "a"), task("c", 1, "b")),
        false);
    // then
    JsonNode rejection = read(f.status).get(0);
    assertThat(rejection.get("reason").asText()).isEqualTo("INVALID_DEFINITION");
    assertThat(rejection.get("seq").asLong()).isZero();
    assertThat(rejection.get("message").asText())
        .contains("cycle")
        .contains("a")
        .contains("b")
        .contains("c");
    // and the id stays free
    f.create("i-1", DIAMOND, false);
    assertThat(read(f.status))
        .extracting(e -> e.get("type").asText())
        .containsExactly("WorkflowCreated");
  }

  @Test
  void shouldIgnoreADuplicateCommandId() {
    // given
    String start = "{\"type\":\"StartWorkflow\",\"instanceId\":\"i-1\",\"commandId\":\"c-2\"}";
    f.create("i-1", DIAMOND, false);
    f.sendCommand("i-1", start);
    read(f.status);
    read(f.metrics);
    read(f.dispatch);
    // when
    f.sendCommand("i-1", start);
    // then
    assertThat(read(f.status)).isEmpty();
    assertThat(read(f.metrics)).isEmpty();
    assertThat(read(f.dispatch)).isEmpty();
    assertThat(read(f.deadLetters)).isEmpty();
  }

  @Test
  void shouldKeepInstancesOfTheSamePartitionApart() {
    // given
    f.create("i-1", DIAMOND, true);
    f.create("i-10", DIAMOND, true);
    // when
    f.completed("i-1", "a", 1);
    // then
    List<JsonNode> events = read(f.status);
    assertThat(events.stream().filter(e -> e.get("instanceId").asText().equals("i-10")))
        .extracting(e -> e.get("seq").asLong())
        .containsExactly(1L, 2L, 3L);
    assertThat(events.stream().filter(e -> e.get("instanceId").asText().equals("i-1")))
        .extracting(e -> e.get("seq").asLong())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }
}
