package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.WorkflowStatus;

/**
 * One record of the status topic as a reader sees it. Parsed leniently: the contract lets later
 * versions add fields, and a reader must not stop on an event type it does not know.
 *
 * @param status null for rejections of instances that do not exist (and unknown values)
 * @param progress null when the event carries none
 * @param commandId the commandId of the command that caused the event (v1.1), or null
 */
public record StatusRecord(
    String type,
    String instanceId,
    String workflowId,
    long seq,
    long timestamp,
    WorkflowStatus status,
    Double progress,
    String taskId,
    int attempt,
    String error,
    boolean willRetry,
    String reason,
    String message,
    String command,
    String commandId,
    JsonNode json) {

  public static StatusRecord from(JsonNode json) {
    return new StatusRecord(
        json.hasNonNull("type") ? json.get("type").asText() : "Unknown",
        text(json, "instanceId"),
        text(json, "workflowId"),
        json.path("seq").asLong(0),
        json.path("timestamp").asLong(0),
        status(text(json, "status")),
        json.hasNonNull("progress") ? json.get("progress").asDouble() : null,
        text(json, "taskId"),
        json.path("attempt").asInt(0),
        text(json, "error"),
        json.path("willRetry").asBoolean(false),
        text(json, "reason"),
        text(json, "message"),
        text(json, "command"),
        text(json, "commandId"),
        json);
  }

  public boolean isTerminal() {
    return status != null
        && status.isTerminal()
        && (type.equals("WorkflowCompleted")
            || type.equals("WorkflowFailed")
            || type.equals("WorkflowCancelled"));
  }

  public boolean isRejection() {
    return "CommandRejected".equals(type);
  }

  /** One line for people, without the instance id: the caller knows which instance it shows. */
  public String describe() {
    String task =
        taskId == null ? "" : " " + taskId + (attempt > 1 ? " (attempt " + attempt + ")" : "");
    return switch (type) {
      case "WorkflowRetried" -> type + retriedTasks();
      case "WorkflowFailed" -> type + ": " + error;
      case "WorkflowCancelled" -> type + (reason == null ? "" : ": " + reason);
      case "TaskFailed", "TaskTimedOut" ->
          type + task + ": " + error + (willRetry ? ", will retry" : ", no attempts left");
      case "CommandRejected" ->
          type + " " + command + ": " + reason + (message == null ? "" : " (" + message + ")");
      default -> type + task;
    };
  }

  /** ": a, b" for a WorkflowRetried that names its tasks, else nothing. */
  String retriedTasks() {
    JsonNode tasks = json.path("retriedTasks");
    if (!tasks.isArray() || tasks.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(": ");
    for (int i = 0; i < tasks.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(tasks.get(i).asText());
    }
    return text.toString();
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static WorkflowStatus status(String name) {
    if (name == null) {
      return null;
    }
    try {
      return WorkflowStatus.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
