package dev.baton.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.Planner;
import dev.baton.protocol.Ids;
import dev.baton.protocol.json.DefinitionReader;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the commands of the HTTP API to the commands topic, the same records a producer would
 * write. Every command gets a commandId (the caller's, or a new one), so a resend is a recognised
 * duplicate and {@code ?wait=true} can find the command's outcome. A definition is checked before
 * anything is written: a client learns at once what is wrong with it.
 */
final class CommandGateway implements AutoCloseable {

  /** A command checked and ready to be written: 202's body is its ids. */
  record Prepared(String instanceId, String commandId, ObjectNode command) {}

  private static final long SEND_TIMEOUT_MS = 15_000;

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final Planner planner;

  CommandGateway(Properties clientProperties, String commandsTopic, int maxTasks) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "baton-http-commands");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.topic = commandsTopic;
    this.planner = new Planner(maxTasks);
  }

  /** Validates {@code body} of {@code POST /workflows} and makes its CreateWorkflow. */
  Prepared create(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ApiError("INVALID_REQUEST", "the body must be a JSON object with a definition");
    }
    JsonNode definition = body.get("definition");
    if (definition == null || !definition.isObject()) {
      throw new ApiError(
          "INVALID_DEFINITION", "the body needs a 'definition': a workflow definition object");
    }
    DefinitionReader.Read read = DefinitionReader.read(definition);
    if (read.problem() != null) {
      throw new ApiError("INVALID_DEFINITION", "invalid definition: " + read.problem());
    }
    if (planner.plan(read.definition()) instanceof Planner.Invalid invalid) {
      throw new ApiError("INVALID_DEFINITION", "invalid definition: " + invalid.reason());
    }
    String instanceId = optionalId(body, "instanceId");
    if (instanceId == null) {
      instanceId = read.definition().id() + "-" + UUID.randomUUID().toString().substring(0, 8);
      if (!Ids.isValid(instanceId)) {
        instanceId = UUID.randomUUID().toString();
      }
    }
    JsonNode start = body.get("start");
    if (start != null && !start.isBoolean() && !start.isNull()) {
      throw new ApiError("INVALID_REQUEST", "'start' must be true or false");
    }
    ObjectNode command = Json.MAPPER.createObjectNode();
    command.put("type", "CreateWorkflow");
    command.put("instanceId", instanceId);
    String commandId = commandId(body);
    command.put("commandId", commandId);
    command.set("definition", definition);
    command.put("start", start != null && start.asBoolean(false));
    return new Prepared(instanceId, commandId, command);
  }

  /** Makes a lifecycle command: {@code action} is start, pause, resume, cancel or retry. */
  Prepared lifecycle(String instanceId, String action, JsonNode body) {
    String type =
        switch (action) {
          case "start" -> "StartWorkflow";
          case "pause" -> "PauseWorkflow";
          case "resume" -> "ResumeWorkflow";
          case "cancel" -> "CancelWorkflow";
          case "retry" -> "RetryWorkflow";
          default -> throw new ApiError(404, "NOT_FOUND", "No command '" + action + "'");
        };
    if (body != null && !body.isObject() && !body.isNull()) {
      throw new ApiError("INVALID_REQUEST", "the body, when given, must be a JSON object");
    }
    ObjectNode command = Json.MAPPER.createObjectNode();
    command.put("type", type);
    command.put("instanceId", instanceId);
    String commandId = commandId(body);
    command.put("commandId", commandId);
    if (type.equals("CancelWorkflow") && body != null && body.hasNonNull("reason")) {
      if (!body.get("reason").isTextual()) {
        throw new ApiError("INVALID_REQUEST", "'reason' must be a string");
      }
      command.put("reason", body.get("reason").textValue());
    }
    return new Prepared(instanceId, commandId, command);
  }

  private static String commandId(JsonNode body) {
    String given = body == null ? null : optionalText(body, "commandId");
    if (given != null && (given.isEmpty() || given.length() > 256)) {
      throw new ApiError("INVALID_REQUEST", "'commandId' must have 1 to 256 characters");
    }
    return given != null ? given : UUID.randomUUID().toString();
  }

  private static String optionalId(JsonNode body, String field) {
    String id = optionalText(body, field);
    if (id != null && !Ids.isValid(id)) {
      throw new ApiError(
          "INVALID_ID", "'" + id + "' is not an instance id: ids match " + Ids.PATTERN.pattern());
    }
    return id;
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ApiError("INVALID_REQUEST", "'" + field + "' must be a string");
    }
    return value.textValue();
  }

  /** Writes the command to the commands topic and returns once Kafka has it. */
  void write(Prepared prepared) {
    String key = prepared.instanceId();
    byte[] value;
    try {
      value = Json.MAPPER.writeValueAsBytes(prepared.command());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      producer
          .send(new ProducerRecord<>(topic, key, value))
          .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "UNAVAILABLE", "Interrupted while writing the command");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new ApiError(
          503, "UNAVAILABLE", "The command could not be written to " + topic + ": " + cause);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
