package dev.baton.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.baton.engine.WorkflowQueries;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.ListPosition;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.Ids;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.json.Json;
import dev.baton.protocol.json.OutputWriter;
import dev.baton.protocol.output.DefinitionMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of the contract (v1.1): lists, instances, tasks and history (read from the stores,
 * forwarded to the server that holds the instance, or gathered from every server for lists), the
 * commands (written to the commands topic, optionally waiting for their outcome), health and
 * readiness, the live stream of updates, and the dashboard's files.
 *
 * <p>A forwarded request is never forwarded again: when the receiver does not hold the key either
 * (a rebalance moved it meanwhile), the answer is 503 with {@code Retry-After}. Errors are JSON:
 * {@code {"error": CODE, "message": text}}.
 */
final class HttpApi implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  static final String FORWARDED_HEADER = "X-Baton-Forwarded";
  private static final String WORKFLOWS = "/workflows";
  private static final String RETRY_AFTER_SECONDS = "1";
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final Set<String> OPEN_PATHS =
      Set.of("/health", "/live", "/ready", "/metrics", "/metrics.json");

  /** The Prometheus text exposition format that {@code GET /metrics} answers in. */
  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Set<String> ACTIONS = Set.of("start", "pause", "resume", "cancel", "retry");

  private final ServerBackend backend;
  private final CommandGateway commands;
  private final StatusTail tail;
  private final HttpClient client;
  private final Duration forwardTimeout;
  private final Duration waitTimeout;
  private final String token;
  private final LiveStream live;
  private final StaticFiles files = new StaticFiles("dev/baton/server/ui/");

  /**
   * @param commands null: the commands are not served (read-only tests)
   * @param tail null: neither {@code ?wait=true} nor the live stream
   * @param token the bearer token every request but health and metrics needs; null for none
   */
  HttpApi(
      ServerBackend backend,
      CommandGateway commands,
      StatusTail tail,
      Duration forwardTimeout,
      Duration waitTimeout,
      String token) {
    this.backend = backend;
    this.commands = commands;
    this.tail = tail;
    this.forwardTimeout = forwardTimeout;
    this.waitTimeout = waitTimeout;
    this.token = token;
    this.client = HttpClient.newBuilder().connectTimeout(forwardTimeout).build();
    this.live = tail == null ? null : new LiveStream(tail);
  }

  /** A read-only API over {@code backend}: what the forwarding tests need. */
  HttpApi(ServerBackend backend, Duration forwardTimeout) {
    this(backend, null, null, forwardTimeout, Duration.ofSeconds(10), null);
  }

  private static void sendError(HttpExchange exchange, ApiError e) throws IOException {
    if (e.status() == 503) {
      exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
    }
    send(exchange, e.status(), error(e.code(), e.getMessage()));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (ApiError e) {
      sendError(exchange, e);
    } catch (dev.baton.engine.state.StoreFailure e) {
      // A store closed under the read: a rebalance moved its partition away meanwhile.
      sendError(
          exchange,
          new ApiError(
              503,
              "UNAVAILABLE",
              "The stores cannot be read right now (a rebalance is moving partitions): "
                  + e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      send(exchange, 500, error("INTERNAL", e.toString()));
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.equals("/") || StaticFiles.isAsset(path)) {
      // the dashboard: index.html and its scripts and styles, from the classpath
      requireMethod(exchange, "GET");
      files.serve(exchange, path.equals("/") ? "index.html" : path.substring(1));
      return;
    }
    if (!OPEN_PATHS.contains(path)) {
      authorize(exchange);
    }
    Map<String, List<String>> query = query(exchange.getRequestURI());
    List<String> segments = segments(path);
    switch (segments.isEmpty() ? "" : segments.get(0)) {
      case "health", "live" -> {
        requireMethod(exchange, "GET");
        health(exchange, false);
      }
      case "ready" -> {
        requireMethod(exchange, "GET");
        health(exchange, true);
      }
      case "metrics" -> {
        requireMethod(exchange, "GET");
        sendText(exchange, 200, PROMETHEUS_CONTENT_TYPE, backend.prometheus());
      }
      case "metrics.json" -> {
        requireMethod(exchange, "GET");
        send(exchange, 200, backend.metrics());
      }
      case "events" -> {
        requireMethod(exchange, "GET");
        if (live == null) {
          throw new ApiError(404, "NOT_FOUND", "This server has no live stream");
        }
        String instanceId = first(query, "instanceId");
        if (instanceId != null) {
          requireId(instanceId);
        }
        live.serve(exchange, instanceId);
      }
      case "dead-letters" -> {
        requireMethod(exchange, "GET");
        deadLetters(exchange);
      }
      case "definitions" -> definitions(exchange, segments, query);
      case "workflows" -> workflows(exchange, method, segments, query);
      default ->
          throw new ApiError(
              404,
              "NOT_FOUND",
              "No endpoint "
                  + path
                  + "; try GET /workflows, /workflows/{id}, /health, /ready or /metrics");
    }
  }

  private void workflows(
      HttpExchange exchange, String method, List<String> segments, Map<String, List<String>> query)
      throws IOException {
    if (segments.size() == 1) {
      if (method.equals("POST")) {
        command(exchange, gateway().create(body(exchange)), query);
        return;
      }
      requireMethod(exchange, "GET");
      list(exchange, query);
      return;
    }
    String instanceId = segments.get(1);
    requireId(instanceId);
    if (segments.size() == 2) {
      requireMethod(exchange, "GET");
      atOwner(exchange, instanceId, view -> instance(view, instanceId));
      return;
    }
    if (segments.size() == 3) {
      String part = segments.get(2);
      if (ACTIONS.contains(part)) {
        requireMethod(exchange, "POST");
        command(exchange, gateway().lifecycle(instanceId, part, body(exchange)), query);
        return;
      }
      requireMethod(exchange, "GET");
      switch (part) {
        case "tasks" -> atOwner(exchange, instanceId, view -> tasks(view, instanceId, query));
        case "history" -> atOwner(exchange, instanceId, view -> history(view, instanceId, query));
        default ->
            throw new ApiError(
                404, "NOT_FOUND", "No endpoint /workflows/{id}/" + part + "; try tasks or history");
      }
      return;
    }
    throw new ApiError(404, "NOT_FOUND", "No endpoint " + exchange.getRequestURI().getPath());
  }

  // ---- reads of one instance

  /** A read that runs where the instance is: here, or forwarded to the server that holds it. */
  @FunctionalInterface
  private interface LocalRead {
    ObjectNode read(PartitionView view);
  }

  private void atOwner(HttpExchange exchange, String instanceId, LocalRead read)
      throws IOException {
    atOwner(exchange, backend.locate(instanceId), "Instance '" + instanceId + "'", read);
  }

  /** Answers {@code read} of the partition {@code where} names, here or where it is. */
  private void atOwner(
      HttpExchange exchange, ServerBackend.Where where, String what, LocalRead read)
      throws IOException {
    if (where instanceof ServerBackend.Where.Here here) {
      send(exchange, 200, read.read(here.view()));
    } else if (where instanceof ServerBackend.Where.Unavailable unavailable) {
      throw new ApiError(503, "UNAVAILABLE", unavailable.reason());
    } else if (where instanceof ServerBackend.Where.Elsewhere elsewhere) {
      if (exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
        throw new ApiError(
            503,
            "UNAVAILABLE",
            what
                + " is not hosted here but by "
                + address(elsewhere.host())
                + " (its partition is moving); try again");
      }
      relay(exchange, forward(exchange, elsewhere.host()), elsewhere.host());
    } else {
      throw new IllegalStateException("Unknown answer " + where);
    }
  }

  private static ObjectNode instance(PartitionView view, String instanceId) {
    return WorkflowView.render(view.queries(), instanceId, System.currentTimeMillis())
        .orElseThrow(() -> notFound(instanceId));
  }

  private static ApiError notFound(String instanceId) {
    return new ApiError(404, "NOT_FOUND", "No workflow instance '" + instanceId + "'");
  }

  private static ObjectNode tasks(
      PartitionView view, String instanceId, Map<String, List<String>> query) {
    WorkflowQueries queries = view.queries();
    if (queries.instance(instanceId).isEmpty()) {
      throw notFound(instanceId);
    }
    int limit = limit(query);
    String after = first(query, "after");
    int from = after == null ? 0 : ListCursor.tasks(after);
    Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
    for (String s : query.getOrDefault("status", List.of())) {
      statuses.add(enumValue(TaskStatus.class, s, "status"));
    }
    WorkflowQueries.TaskPage page = queries.taskPage(instanceId, from, limit, statuses);
    Map<String, List<String>> dependencies = WorkflowView.dependencies(queries, instanceId);
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("instanceId", instanceId);
    ArrayNode items = json.putArray("items");
    for (TaskState task : page.tasks()) {
      items.add(WorkflowView.taskItem(task, dependencies.get(task.taskId)));
    }
    json.put("next", page.next() == null ? null : ListCursor.tasks(page.next()));
    return json;
  }

  private static ObjectNode history(
      PartitionView view, String instanceId, Map<String, List<String>> query) {
    if (view.queries().instance(instanceId).isEmpty()) {
      throw notFound(instanceId);
    }
    if (view.history() == null) {
      throw new ApiError(
          404, "NOT_KEPT", "This application keeps no history (baton.history.enabled=false)");
    }
    int limit = limit(query);
    long after = 0;
    String afterText = first(query, "after");
    if (afterText != null) {
      try {
        after = Long.parseLong(afterText);
      } catch (NumberFormatException e) {
        throw new ApiError("INVALID_CURSOR", "'after' must be a seq (a whole number)");
      }
      if (after < 0) {
        throw new ApiError("INVALID_CURSOR", "'after' must be 0 or more");
      }
    }
    List<byte[]> events = view.history().page(instanceId, after, limit + 1);
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("instanceId", instanceId);
    ArrayNode items = json.putArray("events");
    long last = after;
    for (int i = 0; i < Math.min(limit, events.size()); i++) {
      JsonNode event = parse(events.get(i));
      items.add(event);
      last = event.path("seq").asLong();
    }
    if (events.size() > limit) {
      json.put("next", last);
    } else {
      json.putNull("next");
    }
    return json;
  }

  // ---- lists, gathered from every server

  private void list(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
    int limit = limit(query);
    List<WorkflowStatus> statuses = new ArrayList<>();
    for (String s : query.getOrDefault("status", List.of())) {
      WorkflowStatus status = enumValue(WorkflowStatus.class, s, "status");
      if (!statuses.contains(status)) {
        statuses.add(status);
      }
    }
    String workflowId = first(query, "workflowId");
    if (workflowId != null) {
      requireId(workflowId);
    }
    String afterText = first(query, "after");
    ListPosition after = afterText == null ? null : ListCursor.instances(afterText);
    ServerBackend.Cluster cluster = backend.cluster();
    if (cluster instanceof ServerBackend.Cluster.Unavailable unavailable) {
      throw new ApiError(503, "UNAVAILABLE", unavailable.reason());
    }
    ServerBackend.Cluster.Members members = (ServerBackend.Cluster.Members) cluster;
    // Every partition's first limit + 1 past the cursor, merged: the page and whether more follow.
    List<ObjectNode> candidates = new ArrayList<>();
    for (PartitionView view : members.local()) {
      for (WorkflowStatus status :
          statuses.isEmpty()
              ? java.util.Collections.<WorkflowStatus>singletonList(null)
              : statuses) {
        for (InstanceState i : view.queries().list(status, workflowId, after, limit + 1)) {
          candidates.add(WorkflowView.listItem(i));
        }
      }
    }
    // Another server answers with its own first limit past the cursor, not limit + 1: when it says
    // more follow, they follow its last item, which is on this page whenever the merge alone does
    // not already call for a next page.
    boolean moreElsewhere = false;
    boolean forwarded = exchange.getRequestHeaders().containsKey(FORWARDED_HEADER);
    if (!forwarded) {
      for (HostInfo other : members.others()) {
        HttpResponse<byte[]> answer = forward(exchange, other);
        if (answer.statusCode() != 200) {
          relay(exchange, answer, other);
          return;
        }
        JsonNode page = parse(answer.body());
        for (JsonNode item : page.path("items")) {
          candidates.add((ObjectNode) item);
        }
        moreElsewhere |= !page.path("next").isNull() && !page.path("next").isMissingNode();
      }
    }
    candidates.sort(
        Comparator.comparingLong((ObjectNode n) -> -n.path("createdAt").asLong())
            .thenComparing(n -> n.path("instanceId").asText()));
    ObjectNode json = Json.MAPPER.createObjectNode();
    ArrayNode items = json.putArray("items");
    int kept = Math.min(limit, candidates.size());
    for (int i = 0; i < kept; i++) {
      items.add(candidates.get(i));
    }
    if ((candidates.size() > limit || moreElsewhere) && kept > 0) {
      ObjectNode last = candidates.get(kept - 1);
      json.put(
          "next",
          ListCursor.instances(
              new ListPosition(last.path("createdAt").asLong(), last.path("instanceId").asText())));
    } else {
      json.putNull("next");
    }
    send(exchange, 200, json);
  }

  // ---- commands

  private CommandGateway gateway() {
    if (commands == null) {
      throw new ApiError(404, "NOT_FOUND", "This server takes no commands");
    }
    return commands;
  }

  /**
   * Writes a command and answers 202 with its ids; with {@code ?wait=true}, waits (at most {@code
   * timeoutMs}) for the first status event that carries its commandId: 200 with it, 409 when it is
   * a rejection, 504 when none came in time. The waiter is in place before the command is written,
   * so even an instant outcome is seen.
   */
  private void command(
      HttpExchange exchange, CommandGateway.Prepared command, Map<String, List<String>> query)
      throws IOException {
    String wait = first(query, "wait");
    if (wait == null || wait.equals("false")) {
      gateway().write(command);
      send(exchange, 202, accepted(command));
      return;
    }
    if (!wait.equals("true") && !wait.isEmpty()) {
      throw new ApiError("INVALID_REQUEST", "'wait' must be true or false");
    }
    Duration timeout = waitTimeout(query);
    if (tail == null) {
      throw new ApiError(404, "NOT_FOUND", "This server cannot wait for outcomes");
    }
    tail.ensureStarted();
    CompletableFuture<JsonNode> outcome = tail.awaitCommand(command.commandId());
    JsonNode event;
    try {
      gateway().write(command);
      event = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      ObjectNode json =
          error(
              "TIMEOUT",
              "No outcome within "
                  + timeout.toMillis()
                  + " ms; the command was written (commandId "
                  + command.commandId()
                  + ") and may still be processed. A command whose commandId the instance had"
                  + " already seen is ignored and has none.");
      json.put("instanceId", command.instanceId());
      json.put("commandId", command.commandId());
      send(exchange, 504, json);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "UNAVAILABLE", "Interrupted while waiting for the outcome");
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      throw new ApiError(503, "UNAVAILABLE", "The server stopped while waiting for the outcome");
    } finally {
      outcome.cancel(false);
    }
    if ("CommandRejected".equals(event.path("type").asText())) {
      ObjectNode json = error(event.path("reason").asText(), event.path("message").asText());
      json.set("event", event);
      send(exchange, 409, json);
    } else {
      send(exchange, 200, (ObjectNode) event);
    }
  }

  private Duration waitTimeout(Map<String, List<String>> query) {
    String text = first(query, "timeoutMs");
    if (text == null) {
      return waitTimeout;
    }
    try {
      long ms = Long.parseLong(text);
      if (ms >= 1 && ms <= 600_000) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new ApiError("INVALID_REQUEST", "'timeoutMs' must be between 1 and 600000");
  }

  private static ObjectNode accepted(CommandGateway.Prepared command) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("instanceId", command.instanceId());
    json.put("commandId", command.commandId());
    return json;
  }

  // ---- the rest

  private void health(HttpExchange exchange, boolean readiness) throws IOException {
    KafkaStreams.State state = backend.state();
    boolean up =
        readiness
            ? state == KafkaStreams.State.RUNNING
            : state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_SHUTDOWN;
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("status", up ? "UP" : "DOWN");
    json.put("state", state.name());
    send(exchange, up ? 200 : 503, json);
  }

  private void deadLetters(HttpExchange exchange) throws IOException {
    if (tail == null) {
      throw new ApiError(404, "NOT_FOUND", "This server does not read dead letters");
    }
    tail.ensureStarted();
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("count", tail.deadLetterCount());
    json.put("since", "this server started reading");
    ArrayNode items = json.putArray("items");
    tail.recentDeadLetters().forEach(items::add);
    send(exchange, 200, json);
  }

  /**
   * {@code GET /definitions}: the latest DefinitionMetrics of each definition this server has seen
   * on the metrics topic. {@code GET /definitions/{id}/metrics} and {@code .../metrics/windows}:
   * from the window store of the server that holds the definition (forwarded there).
   */
  private void definitions(
      HttpExchange exchange, List<String> segments, Map<String, List<String>> query)
      throws IOException {
    requireMethod(exchange, "GET");
    if (segments.size() == 1) {
      if (tail == null) {
        throw new ApiError(404, "NOT_FOUND", "This server does not read definition metrics");
      }
      tail.ensureStarted();
      Map<String, JsonNode> latest = tail.latestDefinitionMetrics();
      ObjectNode json = Json.MAPPER.createObjectNode();
      ArrayNode items = json.putArray("items");
      latest.keySet().stream().sorted().forEach(id -> items.add(latest.get(id)));
      send(exchange, 200, json);
      return;
    }
    String workflowId = segments.get(1);
    requireId(workflowId);
    boolean one = segments.size() == 3 && segments.get(2).equals("metrics");
    boolean windows =
        segments.size() == 4
            && segments.get(2).equals("metrics")
            && segments.get(3).equals("windows");
    if (!one && !windows) {
      throw new ApiError(
          404, "NOT_FOUND", "Try GET /definitions/{workflowId}/metrics or .../metrics/windows");
    }
    int limit = windows ? limit(query) : 1;
    atOwner(
        exchange,
        backend.locateDefinition(workflowId),
        "Definition '" + workflowId + "'",
        view -> {
          List<DefinitionMetrics> found = view.definitions().windows(workflowId, limit);
          if (one) {
            if (found.isEmpty()) {
              throw new ApiError(
                  404, "NOT_FOUND", "No DefinitionMetrics of '" + workflowId + "' in the last day");
            }
            return (ObjectNode) parse(OutputWriter.definitionMetrics(found.get(0)));
          }
          ObjectNode json = Json.MAPPER.createObjectNode();
          json.put("workflowId", workflowId);
          ArrayNode items = json.putArray("items");
          for (int i = found.size() - 1; i >= 0; i--) {
            items.add(parse(OutputWriter.definitionMetrics(found.get(i))));
          }
          return json;
        });
  }

  private void authorize(HttpExchange exchange) {
    if (token == null) {
      return;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String given = null;
    if (header != null && header.startsWith("Bearer ")) {
      given = header.substring("Bearer ".length()).trim();
    } else {
      // EventSource cannot send headers: the live stream may carry the token as a parameter.
      given = first(query(exchange.getRequestURI()), "token");
    }
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new ApiError(
          401, "UNAUTHORIZED", "This server needs 'Authorization: Bearer <baton.http.token>'");
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, HostInfo host) {
    URI uri =
        URI.create(
            "http://" + host.host() + ":" + host.port() + exchange.getRequestURI().toString());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(forwardTimeout).header(FORWARDED_HEADER, "1").GET();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ApiError(
          503,
          "UNAVAILABLE",
          "The data asked for is hosted by " + address(host) + ", which did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "UNAVAILABLE", "Interrupted while asking " + address(host));
    }
  }

  private static void relay(HttpExchange exchange, HttpResponse<byte[]> response, HostInfo host)
      throws IOException {
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

  private static void requireMethod(HttpExchange exchange, String method) {
    if (!exchange.getRequestMethod().equals(method)) {
      exchange.getResponseHeaders().set("Allow", method);
      throw new ApiError(
          405,
          "METHOD_NOT_ALLOWED",
          exchange.getRequestMethod()
              + " is not supported on "
              + exchange.getRequestURI().getPath()
              + "; use "
              + method);
    }
  }

  private static void requireId(String id) {
    if (!Ids.isValid(id)) {
      throw new ApiError(
          "INVALID_ID", "'" + id + "' is not an id: ids match " + Ids.PATTERN.pattern());
    }
  }

  private static int limit(Map<String, List<String>> query) {
    String text = first(query, "limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ApiError("INVALID_LIMIT", "'limit' must be a whole number, got '" + text + "'");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ApiError(
          "INVALID_LIMIT", "'limit' must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return limit;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field) {
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          "INVALID_" + field.toUpperCase(),
          "'"
              + text
              + "' is not a "
              + field
              + "; one of "
              + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new ApiError(
            413, "TOO_LARGE", "The body is larger than " + MAX_BODY_BYTES + " bytes");
      }
      if (bytes.length == 0) {
        return null;
      }
      try {
        return Json.MAPPER.readTree(bytes);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        String where =
            e.getLocation() == null
                ? ""
                : " (line "
                    + e.getLocation().getLineNr()
                    + ", column "
                    + e.getLocation().getColumnNr()
                    + ")";
        throw new ApiError(
            "MALFORMED_JSON", "The body is not JSON: " + e.getOriginalMessage() + where);
      }
    }
  }

  private static JsonNode parse(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("Unreadable JSON from a store or a server", e);
    }
  }

  static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  static ObjectNode error(String code, String message) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("error", code);
    json.put("message", message);
    return json;
  }

  static void sendText(HttpExchange exchange, int status, String contentType, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void send(HttpExchange exchange, int status, ObjectNode json) throws IOException {
    byte[] body = Json.MAPPER.writeValueAsBytes(json);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
