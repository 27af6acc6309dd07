package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The current state of one instance, from a Baton server's HTTP API. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the current state of a workflow instance: status, progress, metrics and " + "tasks.",
      "Asks a Baton server (GET /workflows/{id}); any server of the application "
          + "answers for every instance."
    })
public final class StatusCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A server that is starting or rebalancing answers 503 for a moment; worth a few retries. */
  private static final int ATTEMPTS = 5;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "the workflow instance id")
  String instanceId;

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      description = "the Baton server's HTTP address (default: ${DEFAULT-VALUE})")
  URI server;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json: the server's answer as it is")
  OutputFormat output;

  @Override
  public Integer call() throws IOException {
    CliException.requireInstanceId("", instanceId);
    JsonNode state = fetch();
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    } else {
      render(out, state, new Terminal(false));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private JsonNode fetch() {
    String base = server.toString().replaceAll("/+$", "");
    URI uri =
        URI.create(base + "/workflows/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT.multipliedBy(2))
            .header("Accept", "application/json")
            .GET()
            .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = send(http, request);
      int code = response.statusCode();
      JsonNode body = parse(response.body());
      String message = body.path("message").asText("HTTP " + code);
      if (code == 200) {
        return body;
      }
      if (code == 404) {
        throw CliException.failed("no workflow instance '" + instanceId + "'");
      }
      if (code == 400) {
        throw CliException.badInput(message);
      }
      if (code == 503 && attempt < ATTEMPTS) {
        sleep(1_000);
        continue;
      }
      throw CliException.unreachable(
          "the Baton server at " + server + " cannot answer: " + message, null);
    }
  }

  private HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw CliException.unreachable(
          "cannot reach the Baton server at "
              + server
              + " (connection refused); is it running? (baton dev, or baton server)",
          e);
    } catch (HttpTimeoutException e) {
      throw CliException.unreachable(
          "the Baton server at " + server + " did not answer within " + TIMEOUT.toSeconds() + " s",
          e);
    } catch (IOException e) {
      throw CliException.unreachable("cannot reach the Baton server at " + server + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }

  private JsonNode parse(String body) {
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      return json == null ? Json.MAPPER.createObjectNode() : json;
    } catch (IOException e) {
      throw CliException.unreachable(
          server + " did not answer with JSON; is it a Baton server?", e);
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

  /** The state for people: a header of key facts, then one row per task. */
  static void render(PrintWriter out, JsonNode state, Terminal terminal) {
    WorkflowStatus status = WorkflowStatus.valueOf(state.path("status").asText("PENDING"));
    JsonNode metrics = state.path("metrics");
    double progress = state.path("progress").asDouble();
    out.printf(
        "Instance:   %s (workflow %s)%n",
        state.path("instanceId").asText(), state.path("workflowId").asText());
    out.printf(
        "Status:     %s  %s %d%%%n",
        terminal.status(status, status.name()),
        terminal.bar(progress, 30),
        Math.round(progress * 100));
    if (metrics.isObject()) {
      int cancelled = 0;
      for (JsonNode task : state.path("tasks")) {
        if ("CANCELLED".equals(task.path("status").asText())) {
          cancelled++;
        }
      }
      out.printf(
          "Tasks:      %d total, %d completed, %d running, %d pending, %d failed%s; %d retr%s%n",
          metrics.path("totalTasks").asInt(),
          metrics.path("completedTasks").asInt(),
          metrics.path("runningTasks").asInt(),
          metrics.path("pendingTasks").asInt(),
          metrics.path("failedTasks").asInt(),
          cancelled > 0 ? ", " + cancelled + " cancelled" : "",
          metrics.path("retries").asInt(),
          metrics.path("retries").asInt() == 1 ? "y" : "ies");
    }
    long created = state.path("createdAt").asLong(0);
    if (created > 0) {
      out.println("Created:    " + InstanceWatcher.dateTime(created));
    }
    if (state.hasNonNull("startedAt")) {
      out.println("Started:    " + InstanceWatcher.dateTime(state.get("startedAt").asLong()));
    }
    if (state.hasNonNull("endedAt")) {
      out.println("Ended:      " + InstanceWatcher.dateTime(state.get("endedAt").asLong()));
    }
    if (metrics.hasNonNull("actualDurationMs")) {
      out.println("Duration:   " + DurationText.format(metrics.get("actualDurationMs").asLong()));
    }
    if (!status.isTerminal() && metrics.has("estimatedTimeRemainingMs")) {
      out.println(
          "Remaining:  ~"
              + DurationText.format(metrics.get("estimatedTimeRemainingMs").asLong())
              + " (estimated)");
    }
    List<String> critical = new ArrayList<>();
    metrics.path("criticalPath").forEach(id -> critical.add(id.asText()));
    if (!critical.isEmpty() && !status.isTerminal()) {
      out.println("Critical:   " + String.join(" -> ", critical));
    }
    if (state.hasNonNull("error")) {
      out.println("Error:      " + state.get("error").asText());
    }
    if (state.hasNonNull("cancelReason")) {
      out.println("Reason:     " + state.get("cancelReason").asText());
    }
    JsonNode tasks = state.path("tasks");
    if (tasks.isArray() && !tasks.isEmpty()) {
      int width = 4;
      for (JsonNode task : tasks) {
        width = Math.max(width, task.path("id").asText().length());
      }
      String row = "  %-" + width + "s  %-9s  %7s  %9s  %s%n";
      out.println();
      out.printf(row, "TASK", "STATUS", "ATTEMPT", "DURATION", "ERROR");
      for (JsonNode task : tasks) {
        String took = "";
        if (task.hasNonNull("dispatchedAt") && task.hasNonNull("completedAt")) {
          took =
              DurationText.format(
                  task.get("completedAt").asLong() - task.get("dispatchedAt").asLong());
        }
        out.printf(
            row,
            task.path("id").asText(),
            task.path("status").asText(),
            task.path("attempt").asInt() == 0 ? "-" : task.path("attempt").asText(),
            took,
            task.hasNonNull("error") ? task.get("error").asText() : "");
      }
    }
  }
}
