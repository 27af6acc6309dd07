package dev.baton.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;

/** The contract's task result records, field by field in the contract's order. */
final class TaskResults {

  private TaskResults() {}

  /**
   * {@code {"type":"TaskCompleted","instanceId","taskId","attempt","output"}}; no output when null.
   */
  static byte[] completed(TaskContext task, JsonNode output) {
    ObjectNode json = header("TaskCompleted", task);
    if (output != null) {
      json.set("output", output);
    }
    return bytes(json);
  }

  /** {@code {"type":"TaskFailed","instanceId","taskId","attempt","error","retryable"}}. */
  static byte[] failed(TaskContext task, String error, boolean retryable) {
    ObjectNode json = header("TaskFailed", task);
    json.put("error", error);
    json.put("retryable", retryable);
    return bytes(json);
  }

  private static ObjectNode header(String type, TaskContext task) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("type", type);
    json.put("instanceId", task.instanceId());
    json.put("taskId", task.taskId());
    json.put("attempt", task.attempt());
    return json;
  }

  private static byte[] bytes(ObjectNode json) {
    try {
      return Json.MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a task result as JSON", e);
    }
  }
}
