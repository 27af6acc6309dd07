package dev.baton.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.baton.protocol.json.Json;
import java.io.IOException;

/** A {@code TaskDispatched} record of {@code baton.task-dispatch}, read leniently. */
final class Dispatch {

  private Dispatch() {}

  /** Why a record is not a dispatch; Baton never writes one. */
  static final class Malformed extends Exception {

    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  static TaskContext parse(byte[] value) throws Malformed {
    if (value == null) {
      throw new Malformed("the record has no value");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(value);
    } catch (IOException e) {
      throw new Malformed("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw new Malformed("not a JSON object");
    }
    if (!"TaskDispatched".equals(node.path("type").asText(null))) {
      throw new Malformed("type is not TaskDispatched");
    }
    String instanceId = text(node, "instanceId");
    String taskId = text(node, "taskId");
    JsonNode attempt = node.get("attempt");
    if (attempt == null
        || !attempt.canConvertToInt()
        || !attempt.isIntegralNumber()
        || attempt.intValue() < 1) {
      throw new Malformed("attempt is missing or not a positive whole number");
    }
    JsonNode name = node.get("name");
    JsonNode timeout = node.get("timeoutMs");
    JsonNode input = node.get("input");
    return new TaskContext(
        instanceId,
        node.path("workflowId").asText(null),
        taskId,
        name != null && name.isTextual() ? name.textValue() : taskId,
        attempt.intValue(),
        input == null ? NullNode.getInstance() : input,
        timeout != null && timeout.isIntegralNumber() ? timeout.longValue() : null,
        node.path("dispatchedAt").asLong(0));
  }

  private static String text(JsonNode node, String field) throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new Malformed(field + " is missing or not a string");
    }
    return value.textValue();
  }
}
