package dev.baton.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.Transition;
import dev.baton.engine.WorkflowQueries;
import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.json.Json;
import dev.baton.protocol.json.OutputWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON answer of {@code GET /workflows/{id}}: the instance header, its metrics snapshot and
 * plan in the contract's shapes (as on {@code baton.metrics} and in {@code WorkflowCreated}), its
 * lifecycle history and every task.
 */
final class WorkflowView {

  private WorkflowView() {}

  /** The instance as of {@code now}, or empty when there is none. */
  static Optional<ObjectNode> render(WorkflowQueries queries, String instanceId, long now) {
    Optional<InstanceState> found = queries.instance(instanceId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    InstanceState i = found.get();
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("instanceId", i.instanceId);
    json.put("workflowId", i.workflowId);
    json.put("status", i.status.name());
    json.put("seq", i.seq);
    json.put("createdAt", i.createdAt);
    json.put("startedAt", i.startedAt);
    json.put("endedAt", i.endedAt);
    json.put("error", i.error);
    json.put("cancelReason", i.cancelReason);
    json.put("progress", i.progress());
    queries
        .metrics(instanceId, now)
        .ifPresent(m -> json.set("metrics", tree(OutputWriter.metrics(m))));
    queries.plan(instanceId).ifPresent(plan -> json.set("plan", tree(OutputWriter.plan(plan))));
    json.set(
        "definition",
        queries
            .definition(instanceId)
            .<JsonNode>map(d -> tree(OutputWriter.definition(d)))
            .orElse(NullNode.getInstance()));
    ArrayNode history = json.putArray("history");
    for (Transition t : i.history) {
      ObjectNode step = history.addObject();
      step.put("from", t.from() == null ? null : t.from().name());
      step.put("to", t.to().name());
      step.put("cause", t.cause().name());
      step.put("at", t.at());
    }
    ArrayNode tasks = json.putArray("tasks");
    for (TaskState t : queries.tasks(instanceId)) {
      ObjectNode task = tasks.addObject();
      task.put("id", t.taskId);
      task.put("name", t.name);
      task.put("status", t.status.name());
      task.put("attempt", t.attempt);
      task.put("dispatchedAt", t.dispatchedAt);
      task.put("completedAt", t.completedAt);
      task.put("retryAt", t.retryAt);
      task.put("error", t.error);
      task.set("output", raw(t.outputJson));
    }
    return Optional.of(json);
  }

  /** An instance as a list item of {@code GET /workflows}. */
  static ObjectNode listItem(InstanceState i) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("instanceId", i.instanceId);
    json.put("workflowId", i.workflowId);
    json.put("status", i.status.name());
    json.put("progress", i.progress());
    json.put("totalTasks", i.totalTasks);
    json.put("completedTasks", i.completedTasks);
    json.put("failedTasks", i.failedTasks);
    json.put("createdAt", i.createdAt);
    json.put("startedAt", i.startedAt);
    json.put("endedAt", i.endedAt);
    return json;
  }

  /** The dependencies of every task, from the kept definition (empty when it was not kept). */
  static Map<String, List<String>> dependencies(WorkflowQueries queries, String instanceId) {
    Map<String, List<String>> dependencies = new HashMap<>();
    queries
        .definition(instanceId)
        .ifPresent(
            d -> {
              for (TaskDefinition t : d.tasks()) {
                dependencies.put(t.id(), t.dependencies());
              }
            });
    return dependencies;
  }

  /** A task as an item of {@code GET /workflows/{id}/tasks}. */
  static ObjectNode taskItem(TaskState t, List<String> dependencies) {
    ObjectNode task = Json.MAPPER.createObjectNode();
    task.put("taskId", t.taskId);
    task.put("name", t.name);
    task.put("status", t.status.name());
    task.put("attempt", t.attempt);
    task.put("dispatchedAt", t.dispatchedAt);
    task.put("completedAt", t.completedAt);
    task.put("error", t.error);
    task.set("output", raw(t.outputJson));
    ArrayNode deps = task.putArray("dependencies");
    if (dependencies != null) {
      dependencies.forEach(deps::add);
    }
    task.put("group", t.group);
    task.put("retryAt", t.retryAt);
    task.put("attemptsAllowed", t.attemptsAllowed);
    ArrayNode attempts = task.putArray("attempts");
    for (int n = 1; n <= t.attempt; n++) {
      ObjectNode attempt = attempts.addObject();
      attempt.put("attempt", n);
      AttemptOutcome outcome = t.outcomeOf(n);
      attempt.put("outcome", outcome == null ? null : outcome.name());
    }
    task.set("input", raw(t.inputJson));
    return task;
  }

  private static JsonNode raw(String json) {
    return json == null ? NullNode.getInstance() : tree(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode tree(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("OutputWriter wrote invalid JSON", e);
    }
  }
}
