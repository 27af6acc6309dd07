package dev.baton.protocol.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.definition.RetryBackoff;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a workflow definition from JSON, applying the contract's defaults. Structural problems (a
 * field of the wrong kind) are reported here; graph problems (cycles, unknown dependencies) are the
 * planner's.
 */
public final class DefinitionReader {

  /** A definition, or the problem that kept it from being read. */
  public record Read(WorkflowDefinition definition, String problem) {}

  private DefinitionReader() {}

  public static Read read(String json) {
    try {
      return read(Json.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      return new Read(null, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static Read read(JsonNode node) {
    if (node == null || !node.isObject()) {
      return new Read(null, "the definition must be a JSON object");
    }
    try {
      return new Read(definition(new Fields(node, "")), null);
    } catch (FieldProblem problem) {
      return new Read(null, problem.getMessage());
    }
  }

  private static WorkflowDefinition definition(Fields f) {
    String id = f.requiredString("id");
    List<TaskDefinition> tasks = new ArrayList<>();
    if (f.has("tasks")) {
      JsonNode array = f.node("tasks");
      if (!array.isArray()) {
        throw new FieldProblem("tasks must be an array");
      }
      for (int i = 0; i < array.size(); i++) {
        JsonNode task = array.get(i);
        if (!task.isObject()) {
          throw new FieldProblem("tasks[" + i + "] must be an object");
        }
        tasks.add(task(new Fields(task, "tasks[" + i + "].")));
      }
    }
    String scheduling = f.string("scheduling", Scheduling.GROUPS.name());
    Scheduling mode;
    try {
      mode = Scheduling.valueOf(scheduling);
    } catch (IllegalArgumentException e) {
      throw new FieldProblem("scheduling must be GROUPS or EAGER, was '" + scheduling + "'");
    }
    return new WorkflowDefinition(
        id,
        f.string("name", null),
        f.string("description", null),
        tasks,
        f.intValue("maxRetries", 0),
        f.optionalLong("timeoutMs"),
        f.bool("allowParallel", true),
        mode);
  }

  private static TaskDefinition task(Fields f) {
    return new TaskDefinition(
        f.requiredString("id"),
        f.string("name", null),
        f.longValue("estimatedDurationMs", 0),
        f.strings("dependencies"),
        f.strings("resources"),
        f.intValue("priority", 0),
        f.optionalInt("maxRetries"),
        f.optionalLong("timeoutMs"),
        backoff(f),
        f.has("input") ? f.node("input").toString() : null);
  }

  private static RetryBackoff backoff(Fields f) {
    if (!f.has("retryBackoff")) {
      return null;
    }
    JsonNode node = f.node("retryBackoff");
    if (!node.isObject()) {
      throw new FieldProblem(f.where() + "retryBackoff must be an object");
    }
    Fields b = new Fields(node, f.where() + "retryBackoff.");
    return new RetryBackoff(
        b.longValue("initialMs", 0),
        b.doubleValue("multiplier", RetryBackoff.DEFAULT_MULTIPLIER),
        b.optionalLong("maxMs"));
  }
}
