package dev.baton.topology;

import static dev.baton.topology.TopologyFixture.bytes;
import static dev.baton.topology.TopologyFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.output.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No single input, valid or not, may make an output that Kafka refuses (the producer's
 * max.request.size, the topic's max.message.bytes): that stops the stream thread on the same record
 * after every restart. TopologyTestDriver enforces no size, so the sizes are checked here against
 * Kafka's 1 MiB default, which a dead letter must fit even where nobody raised it.
 */
class OversizedInputTopologyTest {

  private static final int ONE_MIB = 1024 * 1024;

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldWriteADeadLetterThatFitsForAnInputOverTheLimit() {
    // given a 5.6 MB value, over the 4 MiB input limit
    byte[] value = new byte[5_600_000];
    Arrays.fill(value, (byte) 'x');

    // when
    f.sendCommandBytes("i-1", value);

    // then
    List<TestRecord<String, String>> letters = f.deadLetters.readRecordsToList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).value().getBytes(StandardCharsets.UTF_8).length).isLessThan(ONE_MIB);
    JsonNode letter = TopologyFixture.parse(letters.get(0).value());
    assertThat(letter.get("reason").asText()).isEqualTo("TOO_LARGE");
    assertThat(letter.get("valueBytes").asInt()).isEqualTo(5_600_000);
    assertThat(letter.get("valueTruncated").asBoolean()).isTrue();
  }

  @Test
  void shouldWriteADeadLetterThatFitsForAMalformedInputUnderTheLimit() {
    // given 900 KB of malformed JSON: under the input limit, but its base64 copy is not under 1 MiB
    byte[] value = ("{\"type\":\"StartWorkflow\",\"pad\":\"" + "x".repeat(900_000)).getBytes();

    // when
    f.sendCommandBytes("i-1", value);

    // then
    List<TestRecord<String, String>> letters = f.deadLetters.readRecordsToList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).value().length()).isLessThan(ONE_MIB);
    JsonNode letter = TopologyFixture.parse(letters.get(0).value());
    assertThat(letter.get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(letter.get("valueBytes").asInt()).isEqualTo(value.length);
    assertThat(letter.get("valueTruncated").asBoolean()).isTrue();
  }

  @Test
  void shouldRefuseAnUnpairedSurrogateThatNoWriterCouldWriteBack() {
    // when a task input holds "\ud800" alone: valid JSON, but not writable as UTF-8
    f.create(
        "i-1", "{\"id\":\"wf\",\"tasks\":[{\"id\":\"t\",\"input\":{\"x\":\"\\ud800\"}}]}", true);

    // then a dead letter that says where, and nothing else
    List<JsonNode> letters = read(f.deadLetters);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).get("reason").asText()).isEqualTo("INVALID_FIELD");
    assertThat(letters.get(0).get("message").asText())
        .contains("definition.tasks[0].input.x holds an unpaired UTF-16 surrogate");
    assertThat(read(f.status)).isEmpty();
    assertThat(read(f.dispatch)).isEmpty();
  }

  @Test
  void shouldCapARejectionThatQuotesAHugeInput() {
    // when the workflow id is 3 million characters long
    f.create("i-1", "{\"id\":\"" + "w".repeat(3_000_000) + "\",\"tasks\":[{\"id\":\"t\"}]}", true);

    // then the rejection says so, in a status event that stays small
    List<JsonNode> events = read(f.status);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("reason").asText()).isEqualTo("INVALID_DEFINITION");
    assertThat(events.get(0).toString().length()).isLessThan(64 * 1024);
  }

  @Test
  void shouldCutTheKeyOfADeadLetterForAHugeKey() {
    // when
    f.sendCommandBytes("k".repeat(2_000_000), bytes("{\"type\":\"StartWorkflow\"}"));

    // then keyed by the first characters of the original key, and said so
    List<TestRecord<String, String>> letters = f.deadLetters.readRecordsToList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).key()).isEqualTo("k".repeat(DeadLetter.MAX_KEY_CHARS));
    assertThat(TopologyFixture.parse(letters.get(0).value()).get("keyTruncated").asBoolean())
        .isTrue();
  }

  @Test
  void shouldCapALongErrorOfAFailedTaskInItsStatusEvents() {
    // given
    f.create("i-1", TopologyFixture.definition("wf", "GROUPS", TopologyFixture.task("a", 1)), true);
    read(f.status);

    // when a worker reports a 3 MB error
    f.sendResult(
        "i-1",
        "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":1,"
            + "\"retryable\":false,\"error\":\""
            + "e".repeat(3_000_000)
            + "\"}");

    // then every status event stays small, and says the error was cut
    List<JsonNode> events = read(f.status);
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly("TaskFailed", "WorkflowFailed");
    for (JsonNode event : events) {
      assertThat(event.toString().length()).isLessThan(64 * 1024);
      assertThat(event.get("error").asText()).contains("(truncated, 3000000 characters)");
    }
  }
}
