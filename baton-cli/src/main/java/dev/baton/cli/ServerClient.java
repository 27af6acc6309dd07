package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.config.BatonConfig;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The CLI's side of a Baton server's HTTP API: bounded waits, the bearer token of the configuration
 * ({@code baton.http.token}), a few retries while the server is starting or rebalancing (503), and
 * every failure as a one-line {@link CliException} with the exit code it means: 3 when the server
 * cannot be reached or cannot answer, 2 for a request it calls bad, 1 for one it refuses or an id
 * it does not know.
 */
final class ServerClient {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A server that is starting or rebalancing answers 503 for a moment; worth a few retries. */
  private static final int ATTEMPTS = 5;

  /** An answer: its HTTP status and its JSON body (an empty object when it had none). */
  record Response(int status, JsonNode body) {

    String message() {
      return body.path("message").asText("HTTP " + status);
    }

    String error() {
      return body.path("error").asText("");
    }
  }

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http;
  private final long retryDelayMs;

  ServerClient(URI base, Optional<String> token) {
    this(base, token, 1_000);
  }

  ServerClient(URI base, Optional<String> token, long retryDelayMs) {
    this.base = base;
    this.token = token;
    this.retryDelayMs = retryDelayMs;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** The server {@code --server} names, or else the configuration, with its token. */
  static ServerClient of(String serverFlag, BatonConfig config) {
    return new ServerClient(ServerUrl.resolve(serverFlag, config), config.httpToken());
  }

  URI base() {
    return base;
  }

  /** A path segment, encoded. */
  static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** GET, the body of a 200 or the failure the answer means. */
  JsonNode get(String pathAndQuery) {
    Response response = send("GET", pathAndQuery, null);
    if (response.status() != 200) {
      throw failure(response);
    }
    return response.body();
  }

  /**
   * Any request, with any answer but a connection failure (exit 3) and a server that stays
   * unavailable (503 after the retries, exit 3).
   */
  Response send(String method, String pathAndQuery, JsonNode body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(TIMEOUT.multipliedBy(2))
            .header("Accept", "application/json");
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpRequest request = builder.build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> answer = exchange(request);
      Response response = new Response(answer.statusCode(), parse(answer));
      if (response.status() == 503 && attempt < ATTEMPTS) {
        sleep(retryDelayMs);
        continue;
      }
      if (response.status() == 503) {
        throw CliException.unreachable(
            "the Baton server at " + base + " cannot answer: " + response.message(), null);
      }
      return response;
    }
  }

  /** What a non-200 answer means, as the CLI reports it. */
  CliException failure(Response response) {
    String message = response.message();
    return switch (response.status()) {
      case 400 -> CliException.badInput(message);
      case 401, 403 ->
          CliException.failed(
              "the Baton server at "
                  + base
                  + " refused the request ("
                  + response.status()
                  + "): it needs its token; set "
                  + BatonConfig.HTTP_TOKEN
                  + " (or BATON_HTTP_TOKEN) to the server's");
      case 404, 409, 410 -> CliException.failed(message);
      default ->
          response.status() >= 500
              ? CliException.unreachable(
                  "the Baton server at " + base + " cannot answer: " + message, null)
              : CliException.failed(
                  "the Baton server at "
                      + base
                      + " answered "
                      + response.status()
                      + ": "
                      + message);
    };
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      if (!resolves(base.getHost())) {
        throw CliException.unreachable(
            "cannot reach the Baton server at " + base + ": unknown host " + base.getHost(), e);
      }
      throw CliException.unreachable(
          "cannot reach the Baton server at "
              + base
              + " (connection refused); is it running? (baton dev, or baton server)",
          e);
    } catch (HttpTimeoutException e) {
      throw CliException.unreachable(
          "the Baton server at " + base + " did not answer within " + TIMEOUT.toSeconds() + " s",
          e);
    } catch (IOException e) {
      throw CliException.unreachable(
          "cannot reach the Baton server at "
              + base
              + ": "
              + DefinitionFile.firstLine(e.getMessage() == null ? e.toString() : e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }

  private static boolean resolves(String host) {
    try {
      java.net.InetAddress.getByName(host);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private JsonNode parse(HttpResponse<String> answer) {
    String text = answer.body();
    if (text == null || text.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      JsonNode json = Json.MAPPER.readTree(text);
      return json == null ? Json.MAPPER.createObjectNode() : json;
    } catch (IOException e) {
      if (answer.statusCode() != 200) {
        return Json.MAPPER.createObjectNode();
      }
      throw CliException.unreachable(base + " did not answer with JSON; is it a Baton server?", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }
}
