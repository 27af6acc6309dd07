package dev.baton.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.baton.protocol.Ids;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP API.
 *
 * <ul>
 *   <li>{@code GET /workflows/{id}}: the instance's state (see {@link WorkflowView}); 404 when
 *       there is no such instance. The state lives on the application instance that hosts the key's
 *       partition: when that is another one, the request is forwarded to it (its address is its
 *       {@code application.server}) and its answer returned as is. A forwarded request is never
 *       forwarded again: when the receiver does not host the key either (a rebalance moved it
 *       meanwhile), the answer is 503 with {@code Retry-After}.
 *   <li>{@code GET /health}: 200 when Kafka Streams is RUNNING, else 503.
 *   <li>{@code GET /metrics}: see {@link StreamsMetricsView}.
 * </ul>
 *
 * <p>Errors are JSON: {@code {"error": "NOT_FOUND", "message": "..."}}.
 */
final class HttpApi implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  static final String FORWARDED_HEADER = "X-Baton-Forwarded";
  private static final String WORKFLOWS = "/workflows/";
  private static final String RETRY_AFTER_SECONDS = "1";

  private final ServerBackend backend;
  private final HttpClient client;
  private final Duration forwardTimeout;

  HttpApi(ServerBackend backend, Duration forwardTimeout) {
    this.backend = backend;
    this.forwardTimeout = forwardTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(forwardTimeout).build();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      send(exchange, 500, error("INTERNAL", e.toString()));
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    boolean known = path.equals("/health") || path.equals("/metrics") || path.startsWith(WORKFLOWS);
    if (!known) {
      send(
          exchange,
          404,
          error(
              "NOT_FOUND",
              "No endpoint " + path + "; try GET /workflows/{id}, /health or /metrics"));
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      send(
          exchange,
          405,
          error(
              "METHOD_NOT_ALLOWED",
              exchange.getRequestMethod() + " is not supported; this API is read-only (GET)"));
      return;
    }
    switch (path) {
      case "/health" -> health(exchange);
      case "/metrics" -> send(exchange, 200, backend.metrics());
      default -> workflow(exchange, path.substring(WORKFLOWS.length()));
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    KafkaStreams.State state = backend.state();
    boolean up = state == KafkaStreams.State.RUNNING;
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("status", up ? "UP" : "DOWN");
    json.put("state", state.name());
    send(exchange, up ? 200 : 503, json);
  }

  private void workflow(HttpExchange exchange, String instanceId) throws IOException {
    if (!Ids.isValid(instanceId)) {
      send(
          exchange,
          400,
          error(
              "INVALID_ID",
              "'"
                  + instanceId
                  + "' is not an instance id: ids"
                  + " match "
                  + Ids.PATTERN.pattern()));
      return;
    }
    ServerBackend.Lookup lookup = backend.lookup(instanceId);
    if (lookup instanceof ServerBackend.Lookup.Found found) {
      send(exchange, 200, found.state());
    } else if (lookup instanceof ServerBackend.Lookup.NotFound) {
      send(exchange, 404, error("NOT_FOUND", "No workflow instance '" + instanceId + "'"));
    } else if (lookup instanceof ServerBackend.Lookup.Unavailable unavailable) {
      unavailable(exchange, unavailable.reason());
    } else if (lookup instanceof ServerBackend.Lookup.Elsewhere elsewhere) {
      if (exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
        unavailable(
            exchange,
            "Instance '"
                + instanceId
                + "' is not hosted here but by "
                + address(elsewhere.host())
                + " (its partition is moving); try again");
      } else {
        forward(exchange, instanceId, elsewhere.host());
      }
    } else {
      throw new IllegalStateException("Unknown lookup " + lookup);
    }
  }

  private void forward(HttpExchange exchange, String instanceId, HostInfo host) throws IOException {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + WORKFLOWS + instanceId);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(forwardTimeout)
            .header(FORWARDED_HEADER, "1")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      unavailable(
          exchange,
          "Instance '"
              + instanceId
              + "' is hosted by "
              + address(host)
              + ", which did not answer: "
              + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable(
          exchange,
          "Interrupted while asking " + address(host) + " for instance '" + instanceId + "'");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    response
        .headers()
        .firstValue("Retry-After")
        .ifPresent(value -> exchange.getResponseHeaders().set("Retry-After", value));
    exchange.getResponseHeaders().set("X-Baton-Served-By", address(host));
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  private static String address(HostInfo host) {
    return host.host() + ":" + host.port();
  }

  private static void unavailable(HttpExchange exchange, String reason) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
    send(exchange, 503, error("UNAVAILABLE", reason));
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("error", code);
    json.put("message", message);
    return json;
  }

  private static void send(HttpExchange exchange, int status, ObjectNode json) throws IOException {
    byte[] body = Json.MAPPER.writeValueAsBytes(json);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
