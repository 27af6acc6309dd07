package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.baton.protocol.json.Json;
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
      KafkaStreams.State state, Function<String, ServerBackend.Lookup> lookups) {
    return new ServerBackend() {
      @Override
      public KafkaStreams.State state() {
        return state;
      }

      @Override
      public Lookup lookup(String instanceId) {
        return lookups.apply(instanceId);
      }

      @Override
      public ObjectNode metrics() {
        return Json.MAPPER.createObjectNode().put("process-rate", 1.5);
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

  private static ObjectNode state(String instanceId) {
    return Json.MAPPER.createObjectNode().put("instanceId", instanceId).put("status", "RUNNING");
  }

  @Test
  void shouldAnswerAnInstanceHostedHere() throws Exception {
    // given
    HostInfo host =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.Found(state(id))));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/i-1");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(state("i-1"));
  }

  @Test
  void shouldAnswer404ForAnUnknownInstance() throws Exception {
    // given
    HostInfo host =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.NotFound()));
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
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.Found(state(id))));
    HostInfo other =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.Elsewhere(owner)));
    // when
    HttpResponse<String> response = send(other, "GET", "/workflows/i-7");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(state("i-7"));
    assertThat(response.headers().firstValue("X-Baton-Served-By"))
        .hasValue("127.0.0.1:" + owner.port());
  }

  @Test
  void shouldPassOnA404FromTheHostingInstance() throws Exception {
    // given
    HostInfo owner =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.NotFound()));
    HostInfo other =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.Elsewhere(owner)));
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
            backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.Elsewhere(peer[0])));
    peer[0] =
        serve(backend(KafkaStreams.State.RUNNING, id -> new ServerBackend.Lookup.Elsewhere(first)));
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
                id -> new ServerBackend.Lookup.Elsewhere(new HostInfo("127.0.0.1", closedPort))));
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
                id -> new ServerBackend.Lookup.Unavailable("rebalancing")));
    // when
    HttpResponse<String> response = send(host, "GET", "/workflows/i-1");
    // then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response))
        .hasToString("{\"error\":\"UNAVAILABLE\",\"message\":\"rebalancing\"}");
  }

  @Test
  void shouldReportHealthFromTheStreamsState() throws Exception {
    // given
    HostInfo up = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    HostInfo down = serve(backend(KafkaStreams.State.REBALANCING, id -> null));
    // when
    HttpResponse<String> upResponse = send(up, "GET", "/health");
    HttpResponse<String> downResponse = send(down, "GET", "/health");
    // then
    assertThat(upResponse.statusCode()).isEqualTo(200);
    assertThat(json(upResponse)).hasToString("{\"status\":\"UP\",\"state\":\"RUNNING\"}");
    assertThat(downResponse.statusCode()).isEqualTo(503);
    assertThat(json(downResponse)).hasToString("{\"status\":\"DOWN\",\"state\":\"REBALANCING\"}");
  }

  @Test
  void shouldServeMetrics() throws Exception {
    // given
    HostInfo host = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    // when
    HttpResponse<String> response = send(host, "GET", "/metrics");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).hasToString("{\"process-rate\":1.5}");
  }

  @Test
  void shouldRefuseOtherMethodsAndPaths() throws Exception {
    // given
    HostInfo host = serve(backend(KafkaStreams.State.RUNNING, id -> null));
    // when
    HttpResponse<String> post = send(host, "POST", "/workflows/i-1");
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
