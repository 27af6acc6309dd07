package dev.baton.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a Baton server's HTTP API: canned answers by path and query, and a record of the
 * requests, so that the query commands are tested without Kafka.
 */
final class FakeServer implements AutoCloseable {

  record Answer(int status, String body) {}

  record Request(String method, String uri, String authorization) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code pathAndQuery} exactly (the query as the client sends it). */
  FakeServer answer(String pathAndQuery, int status, String body) {
    answers.put(pathAndQuery, new Answer(status, body));
    return this;
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String uri = exchange.getRequestURI().toString();
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            uri,
            exchange.getRequestHeaders().getFirst("Authorization")));
    Answer answer =
        answers.getOrDefault(
            uri,
            new Answer(404, "{\"error\":\"NOT_FOUND\",\"message\":\"No endpoint " + uri + "\"}"));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
