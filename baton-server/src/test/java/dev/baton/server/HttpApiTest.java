package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.WorkflowQueries;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.json.Json;
import dev.baton.topology.StateCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpApiTest {

  private final List<HttpServer> servers = new ArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    servers.forEach(server -> server.stop(0));
  }

  /** A backend answering lookups with {@code lookups}, in the given Streams state. */
  private static ServerBackend backend(
      KafkaStreams.State state, Function<String, ServerBackend.Where> lookups) {
    return backend(
        state, lookups, new ServerBackend.Cluster.Members(List.of(HOLDING_I), List.of()));
  }

  /**
   * {@link #backend(KafkaStreams.State, Function)} whose lists are gathered from {@code cluster}.
   */
  private static ServerBackend backend(
      KafkaStreams.State state,
      Function<String, ServerBackend.Where> lookups,
      ServerBackend.Cluster cluster) {
    return new ServerBackend() {
      @Override
      public KafkaStreams.State state() {
        return state;
      }

      @Override
      public Where locate(String instanceId) {
        return lookups.apply(instanceId);
      }

      @Override
      public Where locateDefinition(String workflowId) {
        return new Where.Unavailable("no definitions here");
      }

      @Override
      public Cluster cluster() {
        return cluster;
      }

      @Override
      public ObjectNode metrics() {
        return Json.MAPPER.createObjectNode().put("process-rate", 1.5);
      }

      @Override
      public String prometheus() {
        return PROMETHEUS_BODY;
      }
    };
  }

  private HostInfo serve(ServerBackend backend) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", new HttpApi(backend, Duration.ofSeconds(2)));
    server.start();
    servers.add(server);
    return new HostInfo("127.0.0.1", server.getAddress().getPort());
  }

  private HttpResponse<String> send(HostInfo host, String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    return Json.MAPPER.readTree(response.body());
  }

  private static final String PROMETHEUS_BODY =
      "# HELP baton_dispatches_total Task dispatches\n"
          + "# TYPE baton_dispatches_total counter\n"
          + "baton_dispatches_total 3.0\n";

  /** A partition holding instances i-1 and i-7 (RUNNING), and one holding nothing. */
  private static final PartitionView HOLDING_I = partition("i-1", "i-7");

  private static final PartitionView EMPTY = partition();

  private static PartitionView partition(String... instanceIds) {
    MapKv<InstanceState> instances =
        new MapKv<>(StateCodec::encodeInstance, StateCodec::decodeInstance);
    MapKv<StoredEntry> entries = new MapKv<>(StateCodec::encodeEntry, StateCodec::decodeEntry);
    KvWorkflowState state = new KvWorkflowState(instances, entries);
    Engine engine = new Engine(state, EngineConfig.DEFAULTS);
    for (String id : instanceIds) {
      engine.process(
          new CreateWorkflow(
              id,
              null,
              WorkflowDefinition.of("wf", List.of(TaskDefinition.of("a", 10))),
              null,
              true),
          1_000);
    }
    return new PartitionView(0, WorkflowQueries.of(state), null);
  }

  private static void assertInstance(JsonNode json, String instanceId) {
    assertThat(json.get("instanceId").asText()).isEqualTo(instanceId);
    assertThat(json.get("status").asText()).isEqualTo("RUNNING");
    assertThat(json.get("definition").get("id").asText()).isEqualTo("wf");
  }

  @Test
  void shouldAnswerAnInstanceHostedHere() throws Exception {
    // given
    HostInfo host =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Here(HOLDING_I)));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/i-1");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertInstance(json(response), "i-1");
  }

  @Test
  void shouldAnswer404ForAnUnknownInstance() throws Exception {
    // given
    HostInfo host =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Here(EMPTY)));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/nope");
    // then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response))
        .hasToString("{\"error\":\"NOT_FOUND\",\"message\":\"No workflow instance 'nope'\"}");
  }

  @Test
  void shouldAnswer400ForAnInvalidId() throws Exception {
    // given
    HostInfo host =
        serve(
            backend(
                KafkaStreams.State.RUNNING,
                id -> {
                  throw new AssertionError("an invalid id must not be looked up");
                }));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/a%20b");
    // then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("INVALID_ID");
  }

  @Test
  void shouldForwardToTheInstanceThatHostsTheKey() throws Exception {
    // given
    HostInfo owner =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Here(HOLDING_I)));
    HostInfo other =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Elsewhere(owner)));
    // when
    HttpResponse<String> response = send(other, "GET", "/workflows/i-7");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertInstance(json(response), "i-7");
    assertThat(response.headers().firstValue("X-Baton-Served-By"))
        .hasValue("127.0.0.1:" + owner.port());
  }

  @Test
  void shouldPassOnA404FromTheHostingInstance() throws Exception {
    // given
    HostInfo owner =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Here(EMPTY)));
    HostInfo other =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Elsewhere(owner)));
    // when
    HttpResponse<String> response = send(other, "GET", "/workflows/i-7");
    // then
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldNeverForwardAForwardedRequestAgain() throws Exception {
    // given: each instance believes the other hosts the key, as during a rebalance
    HostInfo[] peer = new HostInfo[1];
    HostInfo first =
        serve(
            backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Elsewhere(peer[0])));
    peer[0] =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Elsewhere(first)));
    // when
    HttpResponse<String> response = send(first, "GET", "/workflows/i-7");
    // then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(response).get("error").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void shouldAnswer503WhenTheHostingInstanceDoesNotAnswer() throws Exception {
    // given
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HostInfo host =
        serve(
            backend(
                KafkaStreams.State.RUNNING,
                id -> new ServerBackend.Where.Elsewhere(new HostInfo("127.0.0.1", closedPort))));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/i-7");
    // then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("message").asText())
        .contains("hosted by", "127.0.0.1:" + closedPort, "did not answer");
  }

  @Test
  void shouldAnswer503WhileTheStoresAreUnavailable() throws Exception {
    // given
    HostInfo host =
        serve(
            backend(
                KafkaStreams.State.REBALANCING,
                id -> new ServerBackend.Where.Unavailable("rebalancing")));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/i-1");
    // then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response))
        .hasToString("{\"error\":\"UNAVAILABLE\",\"message\":\"rebalancing\"}");
  }

  @Test
  void shouldAnswer503WhenAStoreClosesUnderTheRead() throws Exception {
    // given a partition whose stores a rebalance closes while they are read
    dev.baton.engine.state.OrderedKv<InstanceState> closing =
        new dev.baton.engine.state.OrderedKv<>() {
          private RuntimeException closed() {
            return new dev.baton.engine.state.StoreFailure(
                new org.apache.kafka.streams.errors.InvalidStateStoreException(
                    "the stream thread is PARTITIONS_ASSIGNED, not RUNNING"));
          }

          @Override
          public InstanceState get(String key) {
            throw closed();
          }

          @Override
          public void put(String key, InstanceState value) {
            throw closed();
          }

          @Override
          public void delete(String key) {
            throw closed();
          }

          @Override
          public void scan(
              String prefix,
              java.util.function.Predicate<java.util.Map.Entry<String, InstanceState>> visitor) {
            throw closed();
          }

          @Override
          public void range(
              String from,
              String to,
              java.util.function.Predicate<java.util.Map.Entry<String, InstanceState>> visitor) {
            throw closed();
          }
        };
    MapKv<StoredEntry> entries = new MapKv<>(StateCodec::encodeEntry, StateCodec::decodeEntry);
    PartitionView view =
        new PartitionView(0, WorkflowQueries.of(new KvWorkflowState(closing, entries)), null);
    HostInfo host =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Here(view)));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/i-1");
    // then: try again, not a server error
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(response).get("error").asText()).isEqualTo("UNAVAILABLE");
    assertThat(json(response).get("message").asText())
        .contains("a rebalance is moving partitions")
        .contains("PARTITIONS_ASSIGNED");
  }

  @Test
  void shouldReportLivenessAndReadinessFromTheStreamsState() throws Exception {
    // given
    HostInfo up = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    HostInfo moving = serve(backend(KafkaStreams.State.REBALANCING, id -> null));
    HostInfo failed = serve(backend(KafkaStreams.State.ERROR, id -> null));
    // then: live while it works, ready only while RUNNING
    assertThat(send(up, "GET", "/health").statusCode()).isEqualTo(200);
    assertThat(json(send(up, "GET", "/ready")))
        .hasToString("{\"status\":\"UP\",\"state\":\"RUNNING\"}");
    assertThat(send(moving, "GET", "/live").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = send(moving, "GET", "/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(json(notReady)).hasToString("{\"status\":\"DOWN\",\"state\":\"REBALANCING\"}");
    assertThat(send(failed, "GET", "/health").statusCode()).isEqualTo(503);
    assertThat(send(failed, "GET", "/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void shouldListTheInstancesHeldNewestFirstWithCursorPaging() throws Exception {
    HostInfo host = serve(backend(KafkaStreams.State.RUNNING, id -> null));

    JsonNode first = json(send(host, "GET", "/workflows?limit=1"));
    JsonNode second =
        json(send(host, "GET", "/workflows?limit=1&after=" + first.get("next").asText()));
    HttpResponse<String> tooMany = send(host, "GET", "/workflows?limit=1001");
    HttpResponse<String> badCursor = send(host, "GET", "/workflows?after=nonsense");

    // same createdAt: by id
    assertThat(first.get("items").get(0).get("instanceId").asText()).isEqualTo("i-1");
    assertThat(second.get("items").get(0).get("instanceId").asText()).isEqualTo("i-7");
    assertThat(second.get("next").isNull()).isTrue();
    assertThat(second.get("items").get(0).get("endedAt").isNull()).isTrue();
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).get("error").asText()).isEqualTo("INVALID_LIMIT");
    assertThat(badCursor.statusCode()).isEqualTo(400);
  }

  @Test
  void shouldPageThroughWhatAnotherServerHoldsWhenThisOneHoldsNothing() throws Exception {
    // given: every partition on one server (its threads took them all), none on this one
    HostInfo holder = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    HostInfo idle =
        serve(
            backend(
                KafkaStreams.State.RUNNING,
                id -> null,
                new ServerBackend.Cluster.Members(List.of(EMPTY), List.of(holder))));

    // when: pages of one are asked of the server that holds nothing
    JsonNode first = json(send(idle, "GET", "/workflows?limit=1"));
    JsonNode second =
        json(send(idle, "GET", "/workflows?limit=1&after=" + first.get("next").asText()));

    // then: the holder's page says more follow, and so does the merged one
    assertThat(first.get("items"))
        .extracting(i -> i.get("instanceId").asText())
        .containsExactly("i-1");
    assertThat(first.get("next").isNull()).isFalse();
    assertThat(second.get("items"))
        .extracting(i -> i.get("instanceId").asText())
        .containsExactly("i-7");
    assertThat(second.get("next").isNull()).isTrue();
  }

  @Test
  void shouldRefuseRequestsWithoutTheTokenButHealth() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        new HttpApi(
            backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Where.Here(HOLDING_I)),
            null,
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            "s3cret"));
    server.start();
    servers.add(server);
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

    HttpResponse<String> without =
        client.send(
            HttpRequest.newBuilder(base.resolve("/workflows/i-1")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong =
        client.send(
            HttpRequest.newBuilder(base.resolve("/workflows/i-1"))
                .header("Authorization", "Bearer nope")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> right =
        client.send(
            HttpRequest.newBuilder(base.resolve("/workflows/i-1"))
                .header("Authorization", "Bearer s3cret")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> health =
        client.send(
            HttpRequest.newBuilder(base.resolve("/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> prometheus =
        client.send(
            HttpRequest.newBuilder(base.resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> metricsJson =
        client.send(
            HttpRequest.newBuilder(base.resolve("/metrics.json")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(json(without).get("error").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(health.statusCode()).isEqualTo(200);
    // a scraper sends no token
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(metricsJson.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeMetricsInThePrometheusTextFormat() throws Exception {
    // given
    HostInfo host = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    // when
    HttpResponse<String> response = send(host, "GET", "/metrics");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).isEqualTo(PROMETHEUS_BODY);
  }

  @Test
  void shouldServeTheJsonViewOfTheMetricsAtMetricsJson() throws Exception {
    // given
    HostInfo host = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    // when
    HttpResponse<String> response = send(host, "GET", "/metrics.json");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).hasToString("{\"process-rate\":1.5}");
  }

  @Test
  void shouldRefuseOtherMethodsAndPaths() throws Exception {
    // given
    HostInfo host = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    // when
    HttpResponse<String> post = send(host, "DELETE", "/workflows/i-1");
    HttpResponse<String> unknown = send(host, "GET", "/nothing-here");
    // then
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("message").asText()).contains("/nothing-here");
  }

  @Test
  void shouldAnswer500WithTheErrorWhenTheBackendFails() throws Exception {
    // given
    HostInfo host =
        serve(
            backend(
                KafkaStreams.State.RUNNING,
                id -> {
                  throw new IllegalStateException("store corrupted");
                }));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/i-1");
    // then
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response).get("message").asText()).contains("store corrupted");
  }
}
