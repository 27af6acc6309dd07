package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.server.BatonServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /metrics} of a running server, parsed as Prometheus text: Baton's counters hold
 * exactly what the run did, and Kafka Streams' own metrics are there beside them.
 */
class PrometheusIT extends EmbeddedBrokerTestBase {

  // No worker runs here: the test writes every task result itself, so each count is known.

  private void result(String json) {
    String instanceId = json.replaceAll(".*\"instanceId\":\"([^\"]+)\".*", "$1");
    app.send(app.topics.taskResults(), instanceId, json.getBytes(StandardCharsets.UTF_8));
  }

  private void dispatched(String instanceId) {
    app.status.awaitTaskEvent(instanceId, "TaskDispatched", "t", 1);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldExposeCountersThatMatchTheRunAndKafkaStreamsMetrics() throws IOException {
    // given
    BatonServer server = app.startServer();
    // when: one workflow completes, one fails, one is cancelled, one times out
    app.create("ok-1", Definitions.single("ok", "Anything", 0), true);
    app.create("fail-1", Definitions.single("fail", "Anything", 0), true);
    app.create("cancel-1", Definitions.single("cancel", "Anything", 0), true);
    app.create(
        "slow-1",
        "{\"id\":\"slow\",\"maxRetries\":0,\"tasks\":[{\"id\":\"t\",\"timeoutMs\":1000}]}",
        true);
    dispatched("ok-1");
    dispatched("fail-1");
    dispatched("cancel-1");
    result("{\"type\":\"TaskCompleted\",\"instanceId\":\"ok-1\",\"taskId\":\"t\",\"attempt\":1}");
    result(
        "{\"type\":\"TaskFailed\",\"instanceId\":\"fail-1\",\"taskId\":\"t\",\"attempt\":1,"
            + "\"error\":\"boom\"}");
    app.cancel("cancel-1", "not needed");
    // and: a rejection, a duplicate (the same commandId twice), two dead letters
    app.lifecycle("StartWorkflow", "ghost-1");
    String once =
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"dup-1\",\"commandId\":\"c-1\","
            + "\"definition\":"
            + Definitions.single("dup", "Anything", 0)
            + "}";
    app.command("dup-1", once);
    app.command("dup-1", once);
    // a command after the duplicate on the same partition: once it is seen, so was the duplicate
    app.command(
        "dup-1", "{\"type\":\"StartWorkflow\",\"instanceId\":\"dup-1\",\"commandId\":\"c-2\"}");
    app.send(app.topics.commands(), "junk-1", "{not json".getBytes(StandardCharsets.UTF_8));
    app.command("odd-1", "{\"type\":\"Nonsense\",\"instanceId\":\"odd-1\"}");
    // then: every outcome is on the topics
    app.status.awaitEvent("ok-1", "WorkflowCompleted");
    app.status.awaitEvent("fail-1", "WorkflowFailed");
    app.status.awaitEvent("cancel-1", "WorkflowCancelled");
    app.status.awaitTaskEvent("slow-1", "TaskTimedOut", "t", 1);
    app.status.awaitEvent("slow-1", "WorkflowFailed");
    app.status.awaitEvent("ghost-1", "CommandRejected");
    dispatched("dup-1");
    app.deadLetters.await("junk-1", letter -> true, "the dead letter of junk-1");
    app.deadLetters.await("odd-1", letter -> true, "the dead letter of odd-1");

    // when: scraped, until Kafka Streams' task-level metrics (made on assignment) are bound too
    AtomicReference<HttpJson.TextAnswer> scrape = new AtomicReference<>();
    AtomicReference<PrometheusText> parsed = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              scrape.set(HttpJson.getText(server, "/metrics"));
              parsed.set(PrometheusText.parse(scrape.get().body()));
              assertThat(parsed.get().families().keySet())
                  .anyMatch(name -> name.startsWith("kafka_stream_state_"));
            });
    Path saved = Path.of("baton-it", "target", "prometheus-it-scrape.txt");
    Files.createDirectories(saved.getParent());
    Files.writeString(saved, scrape.get().body());
    PrometheusText metrics = parsed.get();

    // then: the answer is Prometheus text, open without a token
    assertThat(scrape.get().status()).isEqualTo(200);
    assertThat(scrape.get().contentType()).hasValue("text/plain; version=0.0.4; charset=utf-8");
    // and: Baton's counters are the run's, exactly
    Map<String, Double> inputs =
        Map.of(
            "CreateWorkflow", 6.0,
            "StartWorkflow", 2.0,
            "PauseWorkflow", 0.0,
            "ResumeWorkflow", 0.0,
            "CancelWorkflow", 1.0,
            "RetryWorkflow", 0.0,
            "TaskCompleted", 1.0,
            "TaskFailed", 1.0);
    inputs.forEach(
        (type, count) ->
            assertThat(metrics.value("baton_inputs_total", "type", type))
                .as(type)
                .isEqualTo(count));
    assertThat(metrics.samples("baton_inputs_total")).hasSize(inputs.size());
    assertThat(metrics.family("baton_inputs_total").type()).isEqualTo(PrometheusText.Type.COUNTER);
    assertThat(metrics.value("baton_rejections_total", "reason", "UNKNOWN_INSTANCE")).isEqualTo(1);
    assertThat(sum(metrics, "baton_rejections_total")).isEqualTo(1);
    assertThat(metrics.value("baton_dead_letters_total", "reason", "MALFORMED_JSON")).isEqualTo(1);
    assertThat(metrics.value("baton_dead_letters_total", "reason", "UNKNOWN_TYPE")).isEqualTo(1);
    assertThat(sum(metrics, "baton_dead_letters_total")).isEqualTo(2);
    assertThat(metrics.value("baton_duplicates_ignored_total")).isEqualTo(1);
    // ok-1, fail-1, cancel-1, slow-1 and dup-1: one attempt each
    assertThat(metrics.value("baton_dispatches_total")).isEqualTo(5);
    assertThat(metrics.value("baton_workflows_ended_total", "status", "COMPLETED")).isEqualTo(1);
    assertThat(metrics.value("baton_workflows_ended_total", "status", "FAILED")).isEqualTo(2);
    assertThat(metrics.value("baton_workflows_ended_total", "status", "CANCELLED")).isEqualTo(1);
    assertThat(metrics.value("baton_timers_fired_total", "kind", "TASK_TIMEOUT")).isEqualTo(1);
    assertThat(sum(metrics, "baton_timers_fired_total")).isEqualTo(1);
    // and: the timer's lag is a histogram with buckets
    assertThat(metrics.family("baton_timer_lag_seconds").type())
        .isEqualTo(PrometheusText.Type.HISTOGRAM);
    assertThat(metrics.value("baton_timer_lag_seconds_count", "kind", "TASK_TIMEOUT")).isEqualTo(1);
    assertThat(metrics.value("baton_timer_lag_seconds_sum", "kind", "TASK_TIMEOUT"))
        .isBetween(0.0, 10.0);
    assertThat(metrics.samples("baton_timer_lag_seconds_bucket", "kind", "TASK_TIMEOUT"))
        .hasSizeGreaterThan(5);
    assertThat(
            metrics.value("baton_timer_lag_seconds_bucket", "kind", "TASK_TIMEOUT", "le", "+Inf"))
        .isEqualTo(1);
    // and: Kafka Streams' own metrics, as Micrometer's binder names them
    assertThat(metrics.samples("kafka_stream_thread_process_rate")).isNotEmpty();
    assertThat(metrics.samples("kafka_stream_thread_process_total")).isNotEmpty();
    assertThat(sum(metrics, "kafka_stream_thread_process_total")).isGreaterThanOrEqualTo(14);
    assertThat(metrics.samples("kafka_stream_thread_commit_latency_avg")).isNotEmpty();
    assertThat(metrics.samples("kafka_consumer_fetch_manager_records_lag_max")).isNotEmpty();
  }

  private static double sum(PrometheusText metrics, String name) {
    return metrics.samples(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
  }
}
