package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.worker.TaskRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Input records that cannot be processed at all, on both input topics. */
class DeadLetterIT extends EmbeddedBrokerTestBase {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldWriteExactlyOneDeadLetterPerBadRecordOnEitherInput() {
    // given
    app.startServer();
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
    // when
    app.send(app.topics.commands(), "bad-cmd-1", notJson);
    app.command("bad-cmd-2", "{\"type\":\"StartWorkflow\",\"instanceId\":\"other-2\"}");
    app.send(app.topics.taskResults(), "bad-res-1", notJson);
    app.send(
        app.topics.taskResults(),
        "bad-res-2",
        ("{\"type\":\"TaskCompleted\","
                + "\"instanceId\":\"other-4\",\"taskId\":\"t\",\"attempt\":1}")
            .getBytes(StandardCharsets.UTF_8));
    // then
    JsonNode commandNotJson = deadLetter("bad-cmd-1");
    JsonNode commandMismatch = deadLetter("bad-cmd-2");
    JsonNode resultNotJson = deadLetter("bad-res-1");
    JsonNode resultMismatch = deadLetter("bad-res-2");
    assertThat(commandNotJson.get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(commandNotJson.get("topic").asText()).isEqualTo(app.topics.commands());
    assertThat(Base64.getDecoder().decode(commandNotJson.get("valueBase64").asText()))
        .isEqualTo(notJson);
    assertThat(commandMismatch.get("reason").asText()).isEqualTo("KEY_MISMATCH");
    assertThat(commandMismatch.get("topic").asText()).isEqualTo(app.topics.commands());
    assertThat(resultNotJson.get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(resultNotJson.get("topic").asText()).isEqualTo(app.topics.taskResults());
    assertThat(resultMismatch.get("reason").asText()).isEqualTo("KEY_MISMATCH");
    assertThat(resultMismatch.get("topic").asText()).isEqualTo(app.topics.taskResults());
    for (JsonNode letter :
        List.of(commandNotJson, commandMismatch, resultNotJson, resultMismatch)) {
      assertThat(letter.get("type").asText()).isEqualTo("DeadLetter");
      assertThat(letter.get("message").asText()).isNotBlank();
      assertThat(letter.get("offset").asLong()).isNotNegative();
    }
    // and: exactly one each, and nothing else happened
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(app.deadLetters.records()).hasSize(4);
              assertThat(app.status.records()).isEmpty();
              assertThat(app.dispatches.records()).isEmpty();
            });
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldKeepServingAfterInputsLargerThanKafkasDefaultsAndBatonsLimit() {
    // given a commands topic that takes what a careless producer sends
    app.allowRecordsUpTo(app.topics.commands(), 8 * 1024 * 1024);
    BatonServer server = app.startServer();
    app.startWorker(new TaskRegistry().register("Echo", Scenarios::output));
    byte[] tooLarge = new byte[5_600_000];
    java.util.Arrays.fill(tooLarge, (byte) 'x');
    byte[] malformed =
        ("{\"type\":\"StartWorkflow\",\"pad\":\"" + "x".repeat(900_000))
            .getBytes(StandardCharsets.UTF_8);

    // when: two records whose whole copies do not fit 1 MiB, then a workflow
    app.send(app.topics.commands(), "big-1", tooLarge);
    app.send(app.topics.commands(), "big-2", malformed);
    app.create("after-big", Definitions.single("wf", "Echo", 0), true);

    // then each has its dead letter, the workflow completes, and the server is still up
    JsonNode first = deadLetter("big-1");
    assertThat(first.get("reason").asText()).isEqualTo("TOO_LARGE");
    assertThat(first.get("valueBytes").asInt()).isEqualTo(5_600_000);
    assertThat(first.get("valueTruncated").asBoolean()).isTrue();
    JsonNode second = deadLetter("big-2");
    assertThat(second.get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(second.get("valueBytes").asInt()).isEqualTo(malformed.length);
    app.status.awaitEvent("after-big", "WorkflowCompleted");
    assertThat(app.deadLetters.records()).hasSize(2);
    assertThat(server.failed()).isFalse();
    assertThat(server.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }

  private JsonNode deadLetter(String key) {
    return app.deadLetters.await(key, letter -> true, "a dead letter");
  }
}
