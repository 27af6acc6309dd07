package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireTest {

  @Test
  void shouldWriteContractRecords() throws Exception {
    var create = Json.MAPPER.readTree(Wire.createAndStart("w-1", "{\"id\":\"x\",\"tasks\":[]}"));
    var result = Json.MAPPER.readTree(Wire.taskCompleted("w-1", "t3", 2));

    assertThat(create.get("type").asText()).isEqualTo("CreateWorkflow");
    assertThat(create.get("start").asBoolean()).isTrue();
    assertThat(create.get("definition").get("id").asText()).isEqualTo("x");
    assertThat(result.get("type").asText()).isEqualTo("TaskCompleted");
    assertThat(result.get("taskId").asText()).isEqualTo("t3");
    assertThat(result.get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void shouldReadTheTopLevelTypeOfAnOutputRecord() {
    byte[] event =
        ("{\"type\":\"WorkflowCompleted\",\"instanceId\":\"w-1\"," + "\"plan\":{\"type\":\"x\"}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(Wire.typeOf(event)).isEqualTo("WorkflowCompleted");
    assertThat(Wire.typeOf("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
