package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import dev.baton.worker.TaskContext;
import dev.baton.worker.TaskRegistry;
import java.util.List;
import java.util.Map;

/** Scenarios run against more than one kind of cluster. */
public final class Scenarios {

  private Scenarios() {}

  /** What the test handlers return: enough to see the output made it through. */
  public static JsonNode output(TaskContext task) {
    return Json.MAPPER.createObjectNode().put("ran", task.taskId()).put("attempt", task.attempt());
  }

  /**
   * A GROUPS and an EAGER workflow of the same shape, run by the Worker library, both complete:
   * under GROUPS, d waits for its whole group (b and c); under EAGER only for b. Each instance's
   * events have seq 1..n, and each task got exactly one dispatch record.
   */
  public static void groupsAndEagerWorkflowsComplete(TestApp app) throws Exception {
    // given
    Map<String, Gate> lint = Map.of("groups-1", new Gate(), "eager-1", new Gate());
    TaskRegistry registry =
        new TaskRegistry()
            .register("Build", Scenarios::output)
            .register("Test", Scenarios::output)
            .register(
                "Lint",
                task -> {
                  lint.get(task.instanceId()).pass();
                  return output(task);
                })
            .register("Deploy", Scenarios::output);
    app.startServer();
    app.startWorker(registry);
    // when
    app.create("groups-1", Definitions.fork("fork-groups", "GROUPS"), true);
    app.create("eager-1", Definitions.fork("fork-eager", "EAGER"), true);
    // then: with c held, EAGER dispatches d once b completes...
    app.status.awaitTaskEvent("eager-1", "TaskDispatched", "d", 1);
    assertThat(app.status.types("eager-1")).doesNotContain("WorkflowCompleted");
    // ...and GROUPS does not: b's completion and any dispatch it causes commit together
    app.status.awaitTaskEvent("groups-1", "TaskCompleted", "b", 1);
    assertThat(taskEvents(app, "groups-1", "TaskDispatched")).containsExactly("a", "b", "c");
    // when
    lint.values().forEach(Gate::open);
    // then
    for (String instanceId : List.of("groups-1", "eager-1")) {
      JsonNode completed = app.status.awaitEvent(instanceId, "WorkflowCompleted");
      assertThat(completed.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(completed.get("progress").asDouble()).isEqualTo(1.0);
      app.status.assertSeqIsGapless(instanceId);
      assertThat(app.status.types(instanceId))
          .startsWith("WorkflowCreated", "WorkflowStarted")
          .endsWith("WorkflowCompleted")
          .filteredOn("TaskCompleted"::equals)
          .hasSize(4);
      assertThat(app.dispatches.values(instanceId))
          .extracting(d -> d.get("taskId").asText() + "#" + d.get("attempt").asInt())
          .containsExactlyInAnyOrder("a#1", "b#1", "c#1", "d#1");
    }
    List<String> groups = app.status.types("groups-1");
    assertThat(indexOf(app, "groups-1", "TaskDispatched", "d"))
        .isGreaterThan(indexOf(app, "groups-1", "TaskCompleted", "c"));
    assertThat(indexOf(app, "eager-1", "TaskDispatched", "d"))
        .isLessThan(indexOf(app, "eager-1", "TaskCompleted", "c"));
    assertThat(groups).hasSize(11);
    JsonNode plan = app.status.events("groups-1").get(0).get("plan");
    assertThat(plan.get("parallelGroups")).hasToString("[[\"a\"],[\"b\",\"c\"],[\"d\"]]");
    JsonNode dispatch = app.dispatches.values("groups-1").get(0);
    assertThat(dispatch.get("workflowId").asText()).isEqualTo("fork-groups");
    assertThat(dispatch.get("name").asText()).isEqualTo("Build");
    assertThat(dispatch.get("input")).hasToString("{\"task\":\"a\"}");
  }

  /** The task ids of the instance's events of {@code type}, in order. */
  public static List<String> taskEvents(TestApp app, String instanceId, String type) {
    return app.status.events(instanceId).stream()
        .filter(e -> type.equals(e.get("type").asText()))
        .map(e -> e.get("taskId").asText())
        .toList();
  }

  private static int indexOf(TestApp app, String instanceId, String type, String taskId) {
    List<JsonNode> events = app.status.events(instanceId);
    for (int i = 0; i < events.size(); i++) {
      if (type.equals(events.get(i).get("type").asText())
          && taskId.equals(events.get(i).path("taskId").asText())) {
        return i;
      }
    }
    throw new AssertionError("No " + type + " of " + taskId + " for " + instanceId);
  }
}
