package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StatusRenderTest {

  @Test
  void shouldCountCancelledTasksSoThatTheCountsAddUp() throws Exception {
    // given a cancelled instance: 3 tasks, one completed, one pending, one cancelled
    JsonNode state =
        Json.MAPPER.readTree(
            "{\"instanceId\":\"i-1\",\"workflowId\":\"wf\",\"status\":\"CANCELLED\","
                + "\"progress\":0.3333,\"metrics\":{\"totalTasks\":3,\"completedTasks\":1,"
                + "\"runningTasks\":0,\"pendingTasks\":1,\"failedTasks\":0,\"retries\":0},"
                + "\"tasks\":[{\"taskId\":\"a\",\"status\":\"COMPLETED\"},"
                + "{\"taskId\":\"b\",\"status\":\"CANCELLED\"},"
                + "{\"taskId\":\"c\",\"status\":\"WAITING\"}]}");
    StringWriter text = new StringWriter();

    // when
    StatusCommand.render(new PrintWriter(text, true), state, new Terminal(false));

    // then
    assertThat(text.toString())
        .contains("3 total, 1 completed, 0 running, 1 pending, 0 failed, 1 cancelled; 0 retries");
  }
}
