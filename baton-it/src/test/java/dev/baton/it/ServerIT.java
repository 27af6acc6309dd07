package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.admin.TopicProvisioner;
import dev.baton.admin.TopicSpec;
import dev.baton.config.BatonConfig;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerStartException;
import dev.baton.worker.TaskRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP API of a running server, several servers of one application, and startup checks. */
class ServerIT extends EmbeddedBrokerTestBase {

  private static TaskRegistry everythingSucceeds() {
    return new TaskRegistry().fallback(Scenarios::output);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldServeTheStateOfAnInstanceHealthAndMetrics() {
    // given
    BatonServer server = app.startServer();
    app.startWorker(everythingSucceeds());
    app.create("http-1", Definitions.diamond("diamond", "GROUPS"), true);
    JsonNode completed = app.status.awaitEvent("http-1", "WorkflowCompleted");
    app.send(app.topics.commands(), "junk", "junk".getBytes(StandardCharsets.UTF_8));
    app.deadLetters.await("junk", letter -> true, "a dead letter");
    // when
    HttpJson.Answer state = HttpJson.get(server, "/workflows/http-1");
    HttpJson.Answer unknown = HttpJson.get(server, "/workflows/nope");
    HttpJson.Answer health = HttpJson.get(server, "/health");
    HttpJson.Answer metrics = HttpJson.get(server, "/metrics.json");
    HttpJson.TextAnswer scrape = HttpJson.getText(server, "/metrics");
    // then
    assertThat(state.status()).isEqualTo(200);
    JsonNode body = state.body();
    assertThat(body.get("instanceId").asText()).isEqualTo("http-1");
    assertThat(body.get("workflowId").asText()).isEqualTo("diamond");
    assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(body.get("seq").asLong()).isEqualTo(completed.get("seq").asLong());
    assertThat(body.get("progress").asDouble()).isEqualTo(1.0);
    assertThat(body.get("startedAt").asLong()).isPositive();
    assertThat(body.get("endedAt").asLong()).isEqualTo(completed.get("timestamp").asLong());
    assertThat(body.get("plan").get("executionOrder")).hasToString("[\"a\",\"b\",\"c\",\"d\"]");
    assertThat(body.get("metrics").get("completedTasks").asInt()).isEqualTo(4);
    assertThat(body.get("metrics").get("estimatedTimeRemainingMs").asLong()).isZero();
    assertThat(body.get("tasks"))
        .extracting(
            t ->
                t.get("id").asText()
                    + ":"
                    + t.get("status").asText()
                    + ":"
                    + t.get("attempt").asInt())
        .containsExactly("a:COMPLETED:1", "b:COMPLETED:1", "c:COMPLETED:1", "d:COMPLETED:1");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("error").asText()).isEqualTo("NOT_FOUND");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).hasToString("{\"status\":\"UP\",\"state\":\"RUNNING\"}");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body().get("process-total").asDouble()).isGreaterThanOrEqualTo(5.0);
    assertThat(metrics.body().get("baton").get("dead-letter-total").asDouble()).isEqualTo(1.0);
    assertThat(metrics.body().get("sensors")).isNotEmpty();
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.contentType()).hasValue("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText prometheus = PrometheusText.parse(scrape.body());
    assertThat(prometheus.value("baton_dead_letters_total", "reason", "MALFORMED_JSON"))
        .isEqualTo(1.0);
    assertThat(prometheus.value("baton_inputs_total", "type", "CreateWorkflow")).isEqualTo(1.0);
    assertThat(prometheus.value("baton_workflows_ended_total", "status", "COMPLETED"))
        .isEqualTo(1.0);
    assertThat(prometheus.value("baton_dispatches_total")).isEqualTo(4.0);
    assertThat(prometheus.samples("kafka_stream_thread_process_total")).isNotEmpty();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldAnswerForEveryInstanceFromEitherServerOfTheApplication() {
    // given: two servers holding one of the two partitions each
    BatonServer one = app.startServer(TestApp.ONE_THREAD);
    BatonServer two = app.startServer(TestApp.ONE_THREAD);
    app.startWorker(everythingSucceeds());
    List<String> ids = IntStream.rangeClosed(1, 6).mapToObj(i -> "multi-" + i).toList();
    ids.forEach(id -> app.create(id, Definitions.single("one", "Anything", 0), true));
    ids.forEach(id -> app.status.awaitEvent(id, "WorkflowCompleted"));
    // then: each server answers for all, forwarding what the other one holds
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              int forwardedByOne = 0;
              int forwardedByTwo = 0;
              for (String id : ids) {
                HttpJson.Answer fromOne = HttpJson.get(one, "/workflows/" + id);
                HttpJson.Answer fromTwo = HttpJson.get(two, "/workflows/" + id);
                assertThat(fromOne.status()).as("GET %s from the first server", id).isEqualTo(200);
                assertThat(fromTwo.status()).as("GET %s from the second server", id).isEqualTo(200);
                assertThat(HttpJson.timeless(fromOne.body()))
                    .isEqualTo(HttpJson.timeless(fromTwo.body()));
                assertThat(fromOne.body().get("status").asText()).isEqualTo("COMPLETED");
                assertThat(fromOne.servedBy().isPresent())
                    .as("exactly one server forwards %s", id)
                    .isNotEqualTo(fromTwo.servedBy().isPresent());
                forwardedByOne += fromOne.servedBy().isPresent() ? 1 : 0;
                forwardedByTwo += fromTwo.servedBy().isPresent() ? 1 : 0;
              }
              // Each server holds one partition, and the six ids fall in both.
              assertThat(forwardedByOne).as("answers the first server forwarded").isPositive();
              assertThat(forwardedByTwo).as("answers the second server forwarded").isPositive();
            });
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldRefuseToServeHttpBeyondLoopbackWithoutAToken() {
    // given
    BatonConfig open =
        app.config(app.newStateDir(), Map.of(BatonConfig.HTTP_BIND_ADDRESS, "0.0.0.0"));
    // when / then
    assertThatThrownBy(() -> BatonServer.start(open))
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("without a token")
        .hasMessageContaining(BatonConfig.HTTP_TOKEN)
        .hasMessageContaining(BatonConfig.HTTP_AUTH + "=none");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldRefuseToStartWithoutItsInputTopics() {
    // given
    BatonConfig config =
        app.config(app.newStateDir(), Map.of(BatonConfig.TOPIC_TASK_RESULTS, app.id + ".missing"));
    // when / then
    assertThatThrownBy(() -> BatonServer.start(config))
        .isInstanceOf(ServerStartException.class)
        .hasMessage(
            "Baton cannot start: Input topic '"
                + app.id
                + ".missing' does not exist;"
                + " create Baton's topics first (baton topics create)");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldRefuseToStartOnInputTopicsThatAreNotCoPartitioned() {
    // given
    String results = app.id + ".three-partitions";
    TopicProvisioner.createAll(
        cluster.admin(),
        List.of(TopicSpec.of(results, 3, (short) 1)),
        OptionalInt.empty(),
        OptionalInt.empty());
    BatonConfig config =
        app.config(app.newStateDir(), Map.of(BatonConfig.TOPIC_TASK_RESULTS, results));
    // when / then
    assertThatThrownBy(() -> BatonServer.start(config))
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("not co-partitioned")
        .hasMessageContaining("'" + app.topics.commands() + "' has 2 partitions")
        .hasMessageContaining("'" + results + "' has 3");
  }
}
