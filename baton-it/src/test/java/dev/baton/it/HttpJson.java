package dev.baton.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;
import dev.baton.server.BatonServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;

/** Requests to a server's HTTP API, answered as JSON (or, for a scrape, as text). */
public final class HttpJson {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer. @param servedBy the instance that answered a forwarded request, if any */
  public record Answer(int status, JsonNode body, Optional<String> servedBy) {}

  private HttpJson() {}

  public static Answer get(BatonServer server, String path) {
    return get(server.httpUri(), path);
  }

  /** GETs {@code path} of the server at {@code base} (one in a process of its own, say). */
  public static Answer get(URI base, String path) {
    return json(send(getRequest(base, path)));
  }

  /**
   * GETs {@code path} as a client that honours {@code Retry-After} would: a 503 (a partition moving
   * between stream threads or servers) is asked again, for up to 30 s; the first other answer is
   * returned.
   */
  public static Answer getServed(BatonServer server, String path) {
    return Awaitility.await("an answer other than 503 to GET " + path)
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get(server, path), answer -> answer.status() != 503);
  }

  /** A text answer, such as a Prometheus scrape. */
  public record TextAnswer(int status, Optional<String> contentType, String body) {}

  /** GETs {@code path} and keeps the body as text. */
  public static TextAnswer getText(BatonServer server, String path) {
    HttpResponse<String> response = send(getRequest(server.httpUri(), path));
    return new TextAnswer(
        response.statusCode(), response.headers().firstValue("Content-Type"), response.body());
  }

  /** POSTs {@code body} (JSON text, or null for none) and reads the JSON answer. */
  public static Answer post(BatonServer server, String path, String body) {
    return json(
        send(
            HttpRequest.newBuilder(URI.create(server.httpUri() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build()));
  }

  private static HttpRequest getRequest(URI base, String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted during " + request.method() + " " + request.uri(), e);
    }
  }

  private static Answer json(HttpResponse<String> response) {
    try {
      return new Answer(
          response.statusCode(),
          Json.MAPPER.readTree(response.body()),
          response.headers().firstValue("X-Baton-Served-By"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Not JSON from " + response.request().uri() + ": " + response.body(), e);
    }
  }

  /** The state of an instance without what depends on the time of the query. */
  public static JsonNode timeless(JsonNode state) {
    ObjectNode copy = state.deepCopy();
    if (copy.get("metrics") instanceof ObjectNode metrics) {
      metrics.remove("timestamp");
      metrics.remove("actualDurationMs");
      metrics.remove("estimatedTimeRemainingMs");
    }
    return copy;
  }
}
