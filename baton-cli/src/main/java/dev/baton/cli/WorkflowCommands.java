package dev.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;
import java.util.UUID;

/**
 * The workflow commands of the contract as JSON values. Every command gets a fresh commandId, so
 * that a producer retry that writes one twice is recognised by the engine as a duplicate.
 */
public final class WorkflowCommands {

  public static final String CREATE = "CreateWorkflow";
  public static final String START = "StartWorkflow";
  public static final String PAUSE = "PauseWorkflow";
  public static final String RESUME = "ResumeWorkflow";
  public static final String CANCEL = "CancelWorkflow";
  public static final String RETRY = "RetryWorkflow";

  private WorkflowCommands() {}

  public static byte[] create(String instanceId, JsonNode definition, boolean start) {
    ObjectNode command = base(CREATE, instanceId);
    command.set("definition", definition);
    command.put("start", start);
    return bytes(command);
  }

  public static byte[] lifecycle(String type, String instanceId) {
    return bytes(base(type, instanceId));
  }

  public static byte[] cancel(String instanceId, String reason) {
    ObjectNode command = base(CANCEL, instanceId);
    if (reason != null) {
      command.put("reason", reason);
    }
    return bytes(command);
  }

  private static ObjectNode base(String type, String instanceId) {
    ObjectNode command = Json.MAPPER.createObjectNode();
    command.put("type", type);
    command.put("instanceId", instanceId);
    command.put("commandId", UUID.randomUUID().toString());
    return command;
  }

  private static byte[] bytes(ObjectNode command) {
    try {
      return Json.MAPPER.writeValueAsBytes(command);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
