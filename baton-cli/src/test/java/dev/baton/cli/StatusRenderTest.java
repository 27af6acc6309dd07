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

  @Test
  void shouldShowEachOutputOnALineCutTo80Characters() throws Exception {
    // given
    String longValue = "x".repeat(200);
    JsonNode state =
        Json.MAPPER.readTree(
            "{\"instanceId\":\"i-1\",\"workflowId\":\"wf\",\"status\":\"RUNNING\","
                + "\"progress\":0.5,\"tasks\":["
                + "{\"id\":\"build\",\"status\":\"COMPLETED\",\"attempt\":1,"
                + "\"output\":{\"log\":\""
                + longValue
                + "\"}},"
                + "{\"id\":\"report\",\"status\":\"COMPLETED\",\"attempt\":1,"
                + "\"output\":{\"truncated\":true,\"bytes\":70000}},"
                + "{\"id\":\"deploy\",\"status\":\"RUNNING\",\"attempt\":1,\"output\":null}]}");
    StringWriter text = new StringWriter();

    // when
    StatusCommand.render(new PrintWriter(text, true), state, new Terminal(false));

    // then
    java.util.List<String> outputs =
        text.toString().lines().dropWhile(l -> !l.equals("Outputs:")).skip(1).toList();
    assertThat(outputs).hasSize(2);
    assertThat(outputs.get(0)).startsWith("  build   {\"log\":\"xxx").endsWith("...");
    assertThat(outputs.get(0).substring("  build   ".length())).hasSize(80);
    assertThat(outputs.get(1)).contains("report").contains("not kept: 70000 bytes");
  }

  @Test
  void shouldNameTasksByEitherField() throws Exception {
    JsonNode state =
        Json.MAPPER.readTree(
            "{\"status\":\"RUNNING\",\"tasks\":[{\"taskId\":\"a\",\"status\":\"RUNNING\"},"
                + "{\"id\":\"b\",\"status\":\"WAITING\"}]}");
    StringWriter text = new StringWriter();

    StatusCommand.render(new PrintWriter(text, true), state, new Terminal(false));

    assertThat(text.toString())
        .containsPattern("\\n  a +RUNNING")
        .containsPattern("\\n  b +WAITING");
  }
}
