package dev.baton.topology;

import static dev.baton.topology.TopologyFixture.bytes;
import static dev.baton.topology.TopologyFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeadLetterTopologyTest {

  private static final int LIMIT = 2_000;
  private final TopologyFixture f = new TopologyFixture(LIMIT);

  @AfterEach
  void close() {
    f.close();
  }

  static Stream<Arguments> badCommands() {
    return Stream.of(
        Arguments.of("MISSING_KEY", null, "{\"type\":\"StartWorkflow\",\"instanceId\":\"i-1\"}"),
        Arguments.of("MISSING_KEY", null, "not even json"),
        Arguments.of(
            "TOO_LARGE",
            "i-1",
            "{\"type\":\"StartWorkflow\",\"instanceId\":\"i-1\",\"pad\":\""
                + "x".repeat(LIMIT)
                + "\"}"),
        Arguments.of("MALFORMED_JSON", "i-1", "{\"type\":"),
        Arguments.of("MALFORMED_JSON", "i-1", "[1,2,3]"),
        Arguments.of("MALFORMED_JSON", "i-1", "\"a string\""),
        Arguments.of("MALFORMED_JSON", "i-1", null),
        Arguments.of("UNKNOWN_TYPE", "i-1", "{\"instanceId\":\"i-1\"}"),
        Arguments.of("UNKNOWN_TYPE", "i-1", "{\"type\":\"RebootWorkflow\",\"instanceId\":\"i-1\"}"),
        Arguments.of(
            "UNKNOWN_TYPE",
            "i-1",
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\","
                + "\"taskId\":\"a\",\"attempt\":1}"),
        Arguments.of("UNKNOWN_TYPE", "i-1", "{\"type\":7,\"instanceId\":\"i-1\"}"),
        Arguments.of("INVALID_FIELD", "i-1", "{\"type\":\"StartWorkflow\"}"),
        Arguments.of("INVALID_FIELD", "i-1", "{\"type\":\"StartWorkflow\",\"instanceId\":\"a b\"}"),
        Arguments.of("INVALID_FIELD", "i-1", "{\"type\":\"StartWorkflow\",\"instanceId\":12}"),
        Arguments.of(
            "INVALID_FIELD", "i-1", "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\"}"),
        Arguments.of(
            "INVALID_FIELD",
            "i-1",
            "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\","
                + "\"definition\":{\"id\":\"wf\"},\"start\":\"yes\"}"),
        Arguments.of(
            "INVALID_FIELD",
            "i-1",
            "{\"type\":\"CancelWorkflow\",\"instanceId\":\"i-1\"," + "\"commandId\":\"\"}"),
        Arguments.of("KEY_MISMATCH", "i-2", "{\"type\":\"StartWorkflow\",\"instanceId\":\"i-1\"}"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badCommands")
  void shouldTurnABadCommandIntoExactlyOneDeadLetter(String reason, String key, String value) {
    // when
    f.sendCommandBytes(key, bytes(value));
    // then
    List<JsonNode> letters = read(f.deadLetters);
    assertThat(letters).hasSize(1);
    JsonNode letter = letters.get(0);
    assertThat(letter.get("type").asText()).isEqualTo("DeadLetter");
    assertThat(letter.get("reason").asText()).isEqualTo(reason);
    assertThat(letter.get("message").asText()).isNotBlank();
    assertThat(letter.get("topic").asText()).isEqualTo("baton.commands");
    assertThat(letter.get("partition").asInt()).isZero();
    assertThat(letter.get("offset").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(letter.get("timestamp").asLong()).isEqualTo(f.now);
    if (key == null) {
      assertThat(letter.get("key").isNull()).isTrue();
    } else {
      assertThat(letter.get("key").asText()).isEqualTo(key);
    }
    if (value == null) {
      assertThat(letter.get("valueBase64").isNull()).isTrue();
    } else {
      assertThat(
              new String(
                  Base64.getDecoder().decode(letter.get("valueBase64").asText()),
                  StandardCharsets.UTF_8))
          .isEqualTo(value);
    }
    assertThat(read(f.status)).isEmpty();
    assertThat(read(f.dispatch)).isEmpty();
    assertThat(read(f.metrics)).isEmpty();
  }

  static Stream<Arguments> badResults() {
    return Stream.of(
        Arguments.of("UNKNOWN_TYPE", "{\"type\":\"StartWorkflow\",\"instanceId\":\"i-1\"}"),
        Arguments.of(
            "INVALID_FIELD",
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\"," + "\"attempt\":1}"),
        Arguments.of(
            "INVALID_FIELD",
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\"," + "\"taskId\":\"a\"}"),
        Arguments.of(
            "INVALID_FIELD",
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\","
                + "\"taskId\":\"a\",\"attempt\":\"1\"}"),
        Arguments.of(
            "INVALID_FIELD",
            "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\"," + "\"taskId\":\"a\",\"attempt\":0}"),
        Arguments.of(
            "INVALID_FIELD",
            "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\","
                + "\"taskId\":\"a\",\"attempt\":1.5}"),
        Arguments.of(
            "INVALID_FIELD",
            "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\","
                + "\"taskId\":\"a\",\"attempt\":1,\"retryable\":\"no\"}"),
        Arguments.of(
            "KEY_MISMATCH",
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-9\","
                + "\"taskId\":\"a\",\"attempt\":1}"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badResults")
  void shouldTurnABadTaskResultIntoExactlyOneDeadLetter(String reason, String value) {
    // when
    f.sendResultBytes("i-1", bytes(value));
    // then
    List<JsonNode> letters = read(f.deadLetters);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).get("reason").asText()).isEqualTo(reason);
    assertThat(letters.get(0).get("topic").asText()).isEqualTo("baton.task-results");
    assertThat(read(f.status)).isEmpty();
  }

  @Test
  void shouldKeepProcessingGoodRecordsAfterBadOnes() {
    // given
    f.sendCommandBytes("i-1", bytes("garbage"));
    f.sendResultBytes(null, bytes("{}"));
    // when
    f.create("i-1", TopologyFixture.definition("wf", "GROUPS", TopologyFixture.task("a", 1)), true);
    // then
    assertThat(read(f.deadLetters)).hasSize(2);
    assertThat(read(f.status))
        .extracting(e -> e.get("type").asText())
        .containsExactly("WorkflowCreated", "WorkflowStarted", "TaskDispatched");
  }

  @Test
  void shouldIgnoreUnknownExtraFields() {
    // when
    f.sendCommand(
        "i-1",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"future\":{\"x\":1},"
            + "\"definition\":{\"id\":\"wf\",\"tasks\":[],\"labels\":[\"a\"]}}");
    // then
    assertThat(read(f.deadLetters)).isEmpty();
    assertThat(read(f.status))
        .extracting(e -> e.get("type").asText())
        .containsExactly("WorkflowCreated");
  }

  @Test
  void shouldRejectADefinitionWithFieldsOfTheWrongKindAsInvalidDefinition() {
    // when
    f.sendCommand(
        "i-1",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\","
            + "\"definition\":{\"id\":\"wf\",\"tasks\":[{\"id\":\"a\",\"estimatedDurationMs\":\"soon\"}]}}");
    // then
    JsonNode rejection = read(f.status).get(0);
    assertThat(rejection.get("reason").asText()).isEqualTo("INVALID_DEFINITION");
    assertThat(rejection.get("message").asText()).contains("tasks[0].estimatedDurationMs");
    assertThat(read(f.deadLetters)).isEmpty();
  }
}
