package dev.baton.topology;

import static dev.baton.topology.TopologyFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A value that only starts like JSON is a dead letter, not half-read input. */
class MalformedJsonTopologyTest {

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldDeadLetterAValueThatIsNotJsonBecauseOfTrailingContent() {
    // when: a JSON object followed by more text is not a JSON document
    f.sendCommand(
        "i-1",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\","
            + "\"definition\":{\"id\":\"wf\"}} and then some");

    // then
    List<JsonNode> letters = read(f.deadLetters);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(read(f.status)).isEmpty();
  }
}
