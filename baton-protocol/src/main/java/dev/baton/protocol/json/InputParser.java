package dev.baton.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Texts;
import dev.baton.protocol.input.CancelWorkflow;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.input.PauseWorkflow;
import dev.baton.protocol.input.ResumeWorkflow;
import dev.baton.protocol.input.RetryWorkflow;
import dev.baton.protocol.input.StartWorkflow;
import dev.baton.protocol.output.DeadLetterReason;
import java.io.IOException;

/**
 * Turns an input record into an engine input, or into the reason it is a dead letter, checking in
 * the contract's order: missing key, too large, malformed JSON, unknown type, invalid field, key
 * mismatch.
 */
public final class InputParser {

  /** Which input topic a record came from: each takes its own set of types. */
  public enum Source {
    COMMANDS,
    TASK_RESULTS
  }

  /** Longest commandId accepted: it becomes part of a state store key. */
  static final int MAX_COMMAND_ID_LENGTH = 256;

  private final int maxRecordBytes;

  public InputParser(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  public ParseOutcome parse(Source source, String key, byte[] value) {
    if (key == null || key.isEmpty()) {
      return dead(
          DeadLetterReason.MISSING_KEY, "the record has no key; the key must be the instanceId");
    }
    if (value != null && value.length > maxRecordBytes) {
      return dead(
          DeadLetterReason.TOO_LARGE,
          "the value has " + value.length + " bytes; the limit is " + maxRecordBytes);
    }
    JsonNode node;
    try {
      node = value == null ? null : Json.MAPPER.readTree(value);
    } catch (IOException e) {
      return dead(
          DeadLetterReason.MALFORMED_JSON,
          "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      return dead(DeadLetterReason.MALFORMED_JSON, "the value is not a JSON object");
    }
    String unpaired = firstUnpairedSurrogate(node, "");
    if (unpaired != null) {
      // JSON lets "\ud800" through, but no JSON writer can write it out again: it would stop the
      // partition when its status event or dispatch is written.
      return dead(
          DeadLetterReason.INVALID_FIELD,
          unpaired + " holds an unpaired UTF-16 surrogate (an escape such as \\ud800 alone)");
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      return dead(DeadLetterReason.UNKNOWN_TYPE, "the value has no string field 'type'");
    }
    Input input;
    try {
      input =
          switch (source) {
            case COMMANDS -> command(type.textValue(), new Fields(node, ""));
            case TASK_RESULTS -> result(type.textValue(), new Fields(node, ""));
          };
    } catch (FieldProblem problem) {
      return dead(DeadLetterReason.INVALID_FIELD, problem.getMessage());
    }
    if (input == null) {
      return dead(
          DeadLetterReason.UNKNOWN_TYPE,
          "type '"
              + type.textValue()
              + "' is not one this"
              + " topic takes ("
              + (source == Source.COMMANDS
                  ? "CreateWorkflow, StartWorkflow, PauseWorkflow, ResumeWorkflow, CancelWorkflow,"
                      + " RetryWorkflow"
                  : "TaskCompleted, TaskFailed")
              + ")");
    }
    if (!key.equals(input.instanceId())) {
      return dead(
          DeadLetterReason.KEY_MISMATCH,
          "the key '" + key + "' is not the instanceId '" + input.instanceId() + "'");
    }
    return new ParseOutcome.Parsed(input);
  }

  /** The path of the first text (field name or string value) with an unpaired surrogate. */
  private static String firstUnpairedSurrogate(JsonNode node, String path) {
    if (node.isTextual()) {
      return Texts.hasUnpairedSurrogate(node.textValue())
          ? (path.isEmpty() ? "a value" : path)
          : null;
    }
    if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        String where = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (Texts.hasUnpairedSurrogate(field.getKey())) {
          return "a field name in " + (path.isEmpty() ? "the record" : path);
        }
        String found = firstUnpairedSurrogate(field.getValue(), where);
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = firstUnpairedSurrogate(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Input command(String type, Fields f) {
    return switch (type) {
      case "CreateWorkflow" -> create(f);
      case "StartWorkflow" -> new StartWorkflow(f.requiredId("instanceId"), commandId(f));
      case "PauseWorkflow" -> new PauseWorkflow(f.requiredId("instanceId"), commandId(f));
      case "ResumeWorkflow" -> new ResumeWorkflow(f.requiredId("instanceId"), commandId(f));
      case "RetryWorkflow" -> new RetryWorkflow(f.requiredId("instanceId"), commandId(f));
      case "CancelWorkflow" ->
          new CancelWorkflow(
              f.requiredId("instanceId"), commandId(f), Texts.capped(f.string("reason", null)));
      default -> null;
    };
  }

  private static CreateWorkflow create(Fields f) {
    String instanceId = f.requiredId("instanceId");
    String commandId = commandId(f);
    if (!f.has("definition") || !f.node("definition").isObject()) {
      throw new FieldProblem("definition is required and must be a JSON object");
    }
    boolean start = f.bool("start", false);
    DefinitionReader.Read read = DefinitionReader.read(f.node("definition"));
    return new CreateWorkflow(instanceId, commandId, read.definition(), read.problem(), start);
  }

  private static String commandId(Fields f) {
    String commandId = f.string("commandId", null);
    if (commandId != null && (commandId.isEmpty() || commandId.length() > MAX_COMMAND_ID_LENGTH)) {
      throw new FieldProblem("commandId must have 1 to " + MAX_COMMAND_ID_LENGTH + " characters");
    }
    return commandId;
  }

  private static Input result(String type, Fields f) {
    return switch (type) {
      case "TaskCompleted" ->
          new CompleteTask(
              f.requiredId("instanceId"),
              f.requiredId("taskId"),
              attempt(f),
              f.has("output") && !f.node("output").isNull() ? f.node("output").toString() : null);
      case "TaskFailed" ->
          new FailTask(
              f.requiredId("instanceId"),
              f.requiredId("taskId"),
              attempt(f),
              Texts.capped(f.text("error")),
              f.bool("retryable", true));
      default -> null;
    };
  }

  private static int attempt(Fields f) {
    int attempt = f.requiredInt("attempt");
    if (attempt < 1) {
      throw new FieldProblem("attempt must be 1 or more, was " + attempt);
    }
    return attempt;
  }

  private static ParseOutcome dead(DeadLetterReason reason, String message) {
    return new ParseOutcome.Unparseable(reason, message);
  }
}
