package dev.baton.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.Transition;
import dev.baton.engine.WorkflowQueries;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.json.Json;
import dev.baton.protocol.json.OutputWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    }
    return Optional.of(json);
  }

  private static JsonNode tree(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("OutputWriter wrote invalid JSON", e);
    }
  }
}
