package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.worker.TaskRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DefinitionMetrics with two servers: one record per window and definition, covering both. */
class DefinitionMetricsIT extends EmbeddedBrokerTestBase {

  private static final long WINDOW_MS = 60_000;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldCountTheInstancesBothServersHoldInOneRecordPerWindow() throws Exception {
    // given two servers holding one partition each, and a run well inside one window
    BatonServer one = app.startServer(TestApp.ONE_THREAD);
    BatonServer two = app.startServer(TestApp.ONE_THREAD);
    app.startWorker(new TaskRegistry().fallback(Scenarios::output));
    long intoWindow = System.currentTimeMillis() % WINDOW_MS;
    if (intoWindow > WINDOW_MS - 30_000) {
      Thread.sleep(WINDOW_MS - intoWindow + 100);
    }

    // when 10 instances of one definition run to the end
    List<String> ids = IntStream.rangeClosed(1, 10).mapToObj(i -> "dm-" + i).toList();
    ids.forEach(id -> app.create(id, Definitions.diamond("dm", "GROUPS"), true));
    ids.forEach(id -> app.status.awaitEvent(id, "WorkflowCompleted"));
    Set<String> holders = new HashSet<>();
    for (String id : ids) {
      holders.add(HttpJson.get(one, "/workflows/" + id).servedBy().orElse("one"));
    }
    assertThat(holders).as("the instances live on both servers").hasSize(2);

    // then a record of the definition's window counts all of them
    JsonNode full =
        app.metrics.await(
            "definition:dm",
            r -> r.get("completed").asLong() == 10,
            "a DefinitionMetrics record covering all 10 instances");
    assertThat(full.get("started").asLong()).isEqualTo(10);
    assertThat(full.get("taskAttempts").asLong()).isEqualTo(40);
    assertThat(full.get("running").asLong()).isZero();
    assertThat(full.get("workflowDurationMsP50").asLong()).isPositive();
    assertThat(full.get("windowEnd").asLong() - full.get("windowStart").asLong())
        .isEqualTo(WINDOW_MS);
    // and every record of that window grows from the last: one writer, never partial per partition
    List<JsonNode> sameWindow =
        app.metrics.values("definition:dm").stream()
            .filter(r -> r.get("windowStart").asLong() == full.get("windowStart").asLong())
            .toList();
    for (int i = 1; i < sameWindow.size(); i++) {
      assertThat(sameWindow.get(i).get("completed").asLong())
          .isGreaterThanOrEqualTo(sameWindow.get(i - 1).get("completed").asLong());
      assertThat(sameWindow.get(i).get("started").asLong())
          .isGreaterThanOrEqualTo(sameWindow.get(i - 1).get("started").asLong());
    }
    // and either server answers from the store of the one that holds the definition
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              for (BatonServer server : List.of(one, two)) {
                HttpJson.Answer answer = HttpJson.get(server, "/definitions/dm/metrics");
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body().get("completed").asLong()).isEqualTo(10);
                assertThat(answer.body().get("windowStart").asLong())
                    .isEqualTo(full.get("windowStart").asLong());
              }
            });
    HttpJson.Answer windows = HttpJson.get(two, "/definitions/dm/metrics/windows?limit=5");
    assertThat(windows.status()).isEqualTo(200);
    assertThat(windows.body().get("items")).isNotEmpty();
    assertThat(HttpJson.get(one, "/definitions/nothing-such/metrics").status()).isEqualTo(404);
  }
}
