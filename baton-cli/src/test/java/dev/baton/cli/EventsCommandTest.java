package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** How {@code baton events} shows each kind of record. */
class EventsCommandTest {

  @Test
  void shouldShowAStatusEventOnOneLine() {
    String line =
        EventsCommand.line(
            EventsCommand.Topic.STATUS,
            record(
                "i-1",
                "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"seq\":5,"
                    + "\"timestamp\":1764340000000,\"status\":\"RUNNING\",\"progress\":0.3333,"
                    + "\"taskId\":\"test\",\"attempt\":2,\"error\":\"3 tests failed\","
                    + "\"willRetry\":false}"));

    assertThat(line)
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  i-1  #5  TaskFailed test \\(attempt 2\\): 3 tests"
                + " failed, no attempts left  \\[RUNNING 33%]");
  }

  @Test
  void shouldShowMetricsOfInstancesAndOfDefinitions() {
    String instance =
        EventsCommand.line(
            EventsCommand.Topic.METRICS,
            record(
                "i-1",
                "{\"type\":\"WorkflowMetrics\",\"instanceId\":\"i-1\",\"workflowId\":\"w\","
                    + "\"status\":\"RUNNING\",\"totalTasks\":3,\"completedTasks\":1,"
                    + "\"failedTasks\":0,\"runningTasks\":1,\"pendingTasks\":1,\"retries\":1,"
                    + "\"progress\":0.3333,\"estimatedTimeRemainingMs\":35000,"
                    + "\"actualDurationMs\":12000,\"timestamp\":1764340000000}"));
    String definition =
        EventsCommand.line(
            EventsCommand.Topic.METRICS,
            record(
                "definition:w",
                "{\"type\":\"DefinitionMetrics\",\"workflowId\":\"w\",\"windowStart\":1764339960000,"
                    + "\"windowEnd\":1764340020000,\"started\":4,\"completed\":3,\"failed\":1,"
                    + "\"cancelled\":0,\"running\":0,\"taskAttempts\":12,\"taskFailures\":2,"
                    + "\"workflowDurationMsP50\":4100,\"workflowDurationMsP95\":6000,"
                    + "\"timestamp\":1764340000000}"));

    assertThat(instance)
        .endsWith(
            "i-1  WorkflowMetrics RUNNING 33%  tasks 1/3 (1 running, 1 pending, 0 failed), 1 retry,"
                + " 12.0 s, ~35.0 s left");
    assertThat(definition)
        .contains("definition:w  DefinitionMetrics ")
        .endsWith(
            ": started 4, completed 3, failed 1, cancelled 0, running 0, attempts 12, task"
                + " failures 2, p50 4.1 s, p95 6.0 s");
  }

  @Test
  void shouldShowADeadLetterWithItsTextValueCutTo200Characters() {
    String value = "{\"type\":\"StartWorkflow\",\"note\":\"" + "y".repeat(300) + "\"";
    String line =
        EventsCommand.line(
            EventsCommand.Topic.DEAD_LETTER,
            record(
                "i-1",
                "{\"type\":\"DeadLetter\",\"reason\":\"MALFORMED_JSON\",\"message\":\"Unexpected"
                    + " end of input\",\"topic\":\"baton.commands\",\"partition\":3,\"offset\":42,"
                    + "\"key\":\"i-1\",\"valueBase64\":\""
                    + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                    + "\",\"timestamp\":1764340000000}"));

    assertThat(line)
        .contains(
            "DeadLetter MALFORMED_JSON  baton.commands/3@42  key=i-1  Unexpected end of input"
                + "  value: {\"type\":\"StartWorkflow\"")
        .endsWith("yyy...");
    String shown = line.substring(line.indexOf("value: ") + "value: ".length());
    assertThat(shown).hasSize(EventsCommand.VALUE_WIDTH);
  }

  @Test
  void shouldShowTheSizeOfABinaryValueInsteadOfIt() {
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, 2};
    String line =
        EventsCommand.line(
            EventsCommand.Topic.DEAD_LETTER,
            record(
                null,
                "{\"type\":\"DeadLetter\",\"reason\":\"MISSING_KEY\",\"message\":\"no key\","
                    + "\"topic\":\"baton.task-results\",\"partition\":0,\"offset\":7,\"key\":null,"
                    + "\"valueBase64\":\""
                    + Base64.getEncoder().encodeToString(binary)
                    + "\",\"timestamp\":1764340000000}"));

    assertThat(line).contains("key=(none)").endsWith("value: (5 bytes, not text)");
  }

  @Test
  void shouldShowARecordThatIsNotJsonAsItIs() {
    String line = EventsCommand.line(EventsCommand.Topic.STATUS, record("k", "not json"));

    assertThat(line).endsWith("k  (not a JSON object: not json)");
  }

  @Test
  void shouldFilterByTheInstanceKey() throws Exception {
    assertThat(EventsCommand.matches(record("i-1", "{}"), "i-1")).isTrue();
    assertThat(EventsCommand.matches(record("i-2", "{}"), "i-1")).isFalse();
    assertThat(EventsCommand.matches(record("i-2", "{}"), null)).isTrue();
    assertThat(Json.MAPPER.readTree(EventsCommand.raw("{\"a\":1}".getBytes())).get("a").asInt())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseATopicItDoesNotRead() {
    CliRun run = CliRun.of("events", "--topic", "commands", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("'commands' is not one of status, metrics, dead-letter");
  }

  private static ConsumerRecord<String, byte[]> record(String key, String value) {
    return new ConsumerRecord<>(
        "t", 0, 0L, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}
