package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.ContractSchemas;
import dev.baton.protocol.json.Json;
import dev.baton.server.BatonServer;
import dev.baton.worker.NonRetryableTaskException;
import dev.baton.worker.TaskRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The v1.1 HTTP API on the real broker with two servers: lists gathered from both, history and
 * tasks asked of the server that does not hold the instance, commands with ?wait=true, the live
 * stream and dead letters.
 */
class HttpApiIT extends EmbeddedBrokerTestBase {

  private static String createBody(String instanceId, String definition, boolean start) {
    return "{\"instanceId\":\""
        + instanceId
        + "\",\"definition\":"
        + definition
        + ",\"start\":"
        + start
        + "}";
  }

  /** The server of the two that does not hold {@code instanceId}. */
  private static BatonServer notHolding(String instanceId, BatonServer one, BatonServer two) {
    HttpJson.Answer fromOne = HttpJson.get(one, "/workflows/" + instanceId);
    assertThat(fromOne.status()).isEqualTo(200);
    return fromOne.servedBy().isPresent() ? one : two;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldServeListsHistoryTasksAndCommandsFromEitherServer() {
    // given two servers sharing the partitions, and a worker whose "Flaky" task fails until told
    AtomicBoolean healthy = new AtomicBoolean(false);
    BatonServer one = app.startServer();
    BatonServer two = app.startServer();
    app.startWorker(
        new TaskRegistry()
            .register(
                "Flaky",
                task -> {
                  if (!healthy.get()) {
                    throw new NonRetryableTaskException("not yet");
                  }
                  return Scenarios.output(task);
                })
            .fallback(Scenarios::output));

    // when instances are created over HTTP, on either server, waiting for the outcome
    List<String> ids = IntStream.rangeClosed(1, 8).mapToObj(i -> "h-" + i).toList();
    for (String id : ids) {
      BatonServer via = id.hashCode() % 2 == 0 ? one : two;
      HttpJson.Answer created =
          HttpJson.post(
              via,
              "/workflows?wait=true",
              createBody(id, Definitions.diamond("diamond", "GROUPS"), true));
      assertThat(created.status()).as("create %s", id).isEqualTo(200);
      assertThat(created.body().get("type").asText()).isEqualTo("WorkflowCreated");
      assertThat(created.body().get("commandId").asText()).isNotEmpty();
    }
    ids.forEach(id -> app.status.awaitEvent(id, "WorkflowCompleted"));

    // then each server lists every instance, newest first, gathered from both
    for (BatonServer server : List.of(one, two)) {
      HttpJson.Answer all = HttpJson.get(server, "/workflows?workflowId=diamond&limit=100");
      assertThat(all.status()).isEqualTo(200);
      ContractSchemas.assertValid("workflow-list.schema.json", all.body().toString());
      List<String> listed = new ArrayList<>();
      all.body().get("items").forEach(item -> listed.add(item.get("instanceId").asText()));
      assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(all.body().get("next").isNull()).isTrue();
      List<Long> created = new ArrayList<>();
      all.body().get("items").forEach(item -> created.add(item.get("createdAt").asLong()));
      assertThat(created).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }
    // and pages of 3 walk the whole list once, across both servers' partitions
    Set<String> paged = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpJson.Answer page =
          HttpJson.get(
              two,
              "/workflows?status=COMPLETED&workflowId=diamond&limit=3"
                  + (cursor == null ? "" : "&after=" + cursor));
      assertThat(page.status()).isEqualTo(200);
      page.body()
          .get("items")
          .forEach(item -> assertThat(paged.add(item.get("instanceId").asText())).isTrue());
      cursor = page.body().get("next").isNull() ? null : page.body().get("next").asText();
      pages++;
    } while (cursor != null);
    assertThat(paged).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(pages).isEqualTo(3);
    assertThat(HttpJson.get(one, "/workflows?status=RUNNING").body().get("items")).isEmpty();

    // and the history, asked of the server that does not hold the instance, is the status topic
    String id = ids.get(0);
    BatonServer other = notHolding(id, one, two);
    HttpJson.Answer history = HttpJson.get(other, "/workflows/" + id + "/history?limit=1000");
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.servedBy()).isPresent();
    ContractSchemas.assertValid("workflow-history.schema.json", history.body().toString());
    ContractSchemas.assertValid(
        "workflow-instance.schema.json", HttpJson.get(other, "/workflows/" + id).body().toString());
    List<JsonNode> events = new ArrayList<>();
    history.body().get("events").forEach(events::add);
    assertThat(events).containsExactlyElementsOf(app.status.events(id));
    HttpJson.Answer firstTwo = HttpJson.get(other, "/workflows/" + id + "/history?limit=2");
    assertThat(firstTwo.body().get("next").asLong()).isEqualTo(2);
    HttpJson.Answer rest = HttpJson.get(other, "/workflows/" + id + "/history?after=2&limit=1000");
    assertThat(rest.body().get("events").get(0).get("seq").asLong()).isEqualTo(3);

    // and its tasks, in execution order, with their outputs, paged
    HttpJson.Answer tasks = HttpJson.get(other, "/workflows/" + id + "/tasks?limit=3");
    ContractSchemas.assertValid("task-list.schema.json", tasks.body().toString());
    assertThat(tasks.status()).isEqualTo(200);
    assertThat(tasks.body().get("items"))
        .extracting(t -> t.get("taskId").asText() + ":" + t.get("status").asText())
        .containsExactly("a:COMPLETED", "b:COMPLETED", "c:COMPLETED");
    assertThat(tasks.body().get("items").get(0).get("output").get("ran").asText()).isEqualTo("a");
    assertThat(tasks.body().get("items").get(1).get("dependencies")).hasToString("[\"a\"]");
    HttpJson.Answer lastTask =
        HttpJson.get(
            other, "/workflows/" + id + "/tasks?after=" + tasks.body().get("next").asText());
    assertThat(lastTask.body().get("items"))
        .extracting(t -> t.get("taskId").asText())
        .containsExactly("d");
    assertThat(lastTask.body().get("next").isNull()).isTrue();

    // when a workflow fails for good, a retry over HTTP redrives it
    HttpJson.Answer flaky =
        HttpJson.post(
            one,
            "/workflows?wait=true",
            createBody("flaky-1", Definitions.single("flaky", "Flaky", 0), true));
    assertThat(flaky.status()).isEqualTo(200);
    app.status.awaitEvent("flaky-1", "WorkflowFailed");
    healthy.set(true);
    HttpJson.Answer retried = HttpJson.post(two, "/workflows/flaky-1/retry?wait=true", null);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.body().get("type").asText()).isEqualTo("WorkflowRetried");
    assertThat(retried.body().get("retriedTasks")).hasToString("[\"t\"]");
    app.status.awaitEvent("flaky-1", "WorkflowCompleted");
    app.status.assertSeqIsGapless("flaky-1");

    // and rejections are 409 with the contract's reason, invalid definitions 400 and not written
    HttpJson.Answer again = HttpJson.post(one, "/workflows/flaky-1/retry?wait=true", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().get("error").asText()).isEqualTo("INVALID_TRANSITION");
    assertThat(again.body().get("event").get("type").asText()).isEqualTo("CommandRejected");
    ContractSchemas.assertValid("http-error.schema.json", again.body().toString());
    HttpJson.Answer unknown = HttpJson.post(two, "/workflows/never-was/pause?wait=true", null);
    assertThat(unknown.status()).isEqualTo(409);
    assertThat(unknown.body().get("error").asText()).isEqualTo("UNKNOWN_INSTANCE");
    HttpJson.Answer cycle =
        HttpJson.post(
            one,
            "/workflows",
            createBody(
                "cyclic",
                "{\"id\":\"c\",\"tasks\":[{\"id\":\"x\",\"dependencies\":[\"y\"]},"
                    + "{\"id\":\"y\",\"dependencies\":[\"x\"]}]}",
                false));
    assertThat(cycle.status()).isEqualTo(400);
    assertThat(cycle.body().get("error").asText()).isEqualTo("INVALID_DEFINITION");
    assertThat(cycle.body().get("message").asText()).contains("cycle");
    assertThat(HttpJson.get(two, "/workflows/cyclic").status()).isEqualTo(404);
    HttpJson.Answer noWait = HttpJson.post(two, "/workflows/h-1/cancel", "{\"reason\":\"late\"}");
    assertThat(noWait.status()).isEqualTo(202);
    ContractSchemas.assertValid("command-accepted.schema.json", noWait.body().toString());
    assertThat(noWait.body().get("instanceId").asText()).isEqualTo("h-1");
    assertThat(HttpJson.get(one, "/workflows?limit=0").status()).isEqualTo(400);
    assertThat(HttpJson.get(one, "/workflows?status=BOGUS").status()).isEqualTo(400);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldPauseAndResumeOverHttpAndStreamTheChangesLive() throws Exception {
    // given a running workflow whose first task is held by the worker
    CountDownLatch release = new CountDownLatch(1);
    BatonServer server = app.startServer();
    app.startWorker(
        new TaskRegistry()
            .register(
                "Build",
                task -> {
                  release.await(60, TimeUnit.SECONDS);
                  return Scenarios.output(task);
                })
            .fallback(Scenarios::output));
    List<String> stream = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> reader = readEvents(server, "/events?instanceId=live-1", stream);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.contains(": connected"));
    HttpJson.post(
        server,
        "/workflows?wait=true",
        createBody("live-1", Definitions.chain("pipeline", "Build", "Deploy"), true));

    // when
    HttpJson.Answer paused = HttpJson.post(server, "/workflows/live-1/pause?wait=true", null);
    HttpJson.Answer pausedAgain = HttpJson.post(server, "/workflows/live-1/pause?wait=true", null);
    HttpJson.Answer resumed = HttpJson.post(server, "/workflows/live-1/resume?wait=true", null);
    release.countDown();
    app.status.awaitEvent("live-1", "WorkflowCompleted");

    // then
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.body().get("type").asText()).isEqualTo("WorkflowPaused");
    assertThat(paused.body().get("status").asText()).isEqualTo("PAUSED");
    assertThat(pausedAgain.status()).isEqualTo(409);
    assertThat(pausedAgain.body().get("error").asText()).isEqualTo("INVALID_TRANSITION");
    assertThat(resumed.body().get("type").asText()).isEqualTo("WorkflowResumed");
    // and the live stream carried every status event of the instance, and its metrics
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(stream)
                    .anyMatch(
                        line -> line.startsWith("data: ") && line.contains("\"WorkflowCompleted\""))
                    .anyMatch(line -> line.equals("event: metrics")));
    List<JsonNode> streamed = new ArrayList<>();
    for (int i = 0; i + 1 < stream.size(); i++) {
      if (stream.get(i).equals("event: status")) {
        streamed.add(Json.MAPPER.readTree(stream.get(i + 1).substring("data: ".length())));
      }
    }
    assertThat(streamed).containsExactlyElementsOf(app.status.events("live-1"));
    reader.cancel(true);

    // and dead letters are counted
    app.send(app.topics.commands(), "junk", "not json".getBytes(StandardCharsets.UTF_8));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              HttpJson.Answer letters = HttpJson.get(server, "/dead-letters");
              assertThat(letters.body().get("count").asLong()).isEqualTo(1);
              assertThat(letters.body().get("items").get(0).get("reason").asText())
                  .isEqualTo("MALFORMED_JSON");
            });
    assertThat(HttpJson.get(server, "/ready").status()).isEqualTo(200);
    assertThat(HttpJson.get(server, "/live").status()).isEqualTo(200);
  }

  /** Reads an SSE stream line by line into {@code lines}, until cancelled. */
  private static CompletableFuture<Void> readEvents(
      BatonServer server, String path, List<String> lines) {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUri() + path)).GET().build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenAccept(
            response -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // closed
              }
            });
  }
}
