package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.json.Json;
import dev.baton.protocol.json.OutputWriter;
import dev.baton.protocol.output.WorkflowMetrics;
import dev.baton.topology.StateCodec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowViewTest {

  private final MapKv<InstanceState> instances =
      new MapKv<>(StateCodec::encodeInstance, StateCodec::decodeInstance);
  private final MapKv<StoredEntry> entries =
      new MapKv<>(StateCodec::encodeEntry, StateCodec::decodeEntry);
  private final Engine engine =
      new Engine(new KvWorkflowState(instances, entries), EngineConfig.DEFAULTS);

  private static final WorkflowDefinition DIAMOND =
      new WorkflowDefinition(
          "diamond",
          "Diamond",
          null,
          List.of(
              TaskDefinition.of("a", 100),
              TaskDefinition.of("b", 200, "a"),
              TaskDefinition.of("c", 50, "a"),
              TaskDefinition.of("d", 10, "b", "c")),
          1,
          null,
          true,
          dev.baton.protocol.definition.Scheduling.GROUPS);

  private Optional<ObjectNode> render(String instanceId, long now) {
    instances.freeze();
    entries.freeze();
    KvWorkflowState readOnly = new KvWorkflowState(instances, entries);
    return WorkflowView.render(
        new Engine(readOnly, EngineConfig.DEFAULTS).queries(), instanceId, now);
  }

  @Test
  void shouldRenderTheHeaderPlanMetricsHistoryAndTasksOfAnInstance() {
    // given
    engine.process(new CreateWorkflow("i-1", null, DIAMOND, null, true), 1_000);
    engine.process(new CompleteTask("i-1", "a", 1, "{\"x\":1}"), 1_100);
    engine.process(new FailTask("i-1", "b", 1, "flaky"), 1_200);
    // when
    JsonNode json = render("i-1", 1_250).orElseThrow();
    // then
    assertThat(json.get("instanceId").asText()).isEqualTo("i-1");
    assertThat(json.get("workflowId").asText()).isEqualTo("diamond");
    assertThat(json.get("status").asText()).isEqualTo("RUNNING");
    assertThat(json.get("seq").asLong()).isEqualTo(8);
    assertThat(json.get("createdAt").asLong()).isEqualTo(1_000);
    assertThat(json.get("startedAt").asLong()).isEqualTo(1_000);
    assertThat(json.get("endedAt").isNull()).isTrue();
    assertThat(json.get("error").isNull()).isTrue();
    assertThat(json.get("cancelReason").isNull()).isTrue();
    assertThat(json.get("progress").asDouble()).isEqualTo(0.25);
    assertThat(json.get("plan"))
        .hasToString(
            "{\"executionOrder\":[\"a\",\"b\",\"c\",\"d\"],"
                + "\"parallelGroups\":[[\"a\"],[\"b\",\"c\"],[\"d\"]],\"criticalPath\":[\"a\",\"b\",\"d\"],"
                + "\"estimatedTotalTimeMs\":310}");
    assertThat(json.get("history"))
        .hasToString("[{\"from\":\"PENDING\",\"to\":\"RUNNING\",\"cause\":\"START\",\"at\":1000}]");
    assertThat(json.get("tasks"))
        .extracting(t -> t.get("id").asText())
        .containsExactly("a", "b", "c", "d");
    JsonNode b = json.get("tasks").get(1);
    assertThat(b.get("name").asText()).isEqualTo("b");
    assertThat(b.get("status").asText()).isEqualTo("RUNNING");
    assertThat(b.get("attempt").asInt()).isEqualTo(2);
    assertThat(b.get("dispatchedAt").asLong()).isEqualTo(1_200);
    assertThat(b.get("completedAt").isNull()).isTrue();
    JsonNode a = json.get("tasks").get(0);
    assertThat(a.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(a.get("completedAt").asLong()).isEqualTo(1_100);
  }

  @Test
  void shouldRenderTheMetricsSnapshotTheEngineWouldPublishAtThatTime() throws Exception {
    // given
    engine.process(new CreateWorkflow("i-1", null, DIAMOND, null, true), 1_000);
    engine.process(new CompleteTask("i-1", "a", 1), 1_100);
    WorkflowMetrics expected = engine.queries().metrics("i-1", 1_150).orElseThrow();
    // when
    JsonNode metrics = render("i-1", 1_150).orElseThrow().get("metrics");
    // then
    assertThat(metrics).isEqualTo(Json.MAPPER.readTree(OutputWriter.metrics(expected)));
    assertThat(metrics.get("type").asText()).isEqualTo("WorkflowMetrics");
    assertThat(metrics.get("completedTasks").asInt()).isEqualTo(1);
    assertThat(metrics.get("runningTasks").asInt()).isEqualTo(2);
    assertThat(metrics.get("actualDurationMs").asLong()).isEqualTo(150);
  }

  @Test
  void shouldRenderNothingForAnUnknownInstance() {
    assertThat(render("nope", 0)).isEmpty();
  }
}
