package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The status events of one instance, from {@code GET /workflows/{id}/history}. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Show the status events of a workflow instance in seq order, one line each "
          + "(GET /workflows/{id}/history, v1.1).",
      "Follows the pages to the end, or to --limit events."
    })
public final class HistoryCommand implements Callable<Integer> {

  /** The server's largest page. */
  static final int PAGE = 1000;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "the workflow instance id")
  String instanceId;

  @Mixin ServerOptions server;

  @Option(
      names = "--after",
      paramLabel = "SEQ",
      defaultValue = "0",
      description = "only the events after this seq (default: ${DEFAULT-VALUE}, from the first)")
  long after;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "at most N events (default: all of them)")
  Integer limit;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default): a line per event; json: {\"instanceId\", \"events\": [...], "
              + "\"next\"}, the events exactly as on the status topic")
  OutputFormat output;

  @Override
  public Integer call() throws IOException {
    CliException.requireInstanceId("", instanceId);
    if (after < 0) {
      throw CliException.badInput("--after must be 0 or more, was " + after);
    }
    if (limit != null && limit < 1) {
      throw CliException.badInput("--limit must be 1 or more, was " + limit);
    }
    ServerClient client = server.client();
    List<JsonNode> events = new ArrayList<>();
    long cursor = after;
    Long next;
    do {
      int page = limit == null ? PAGE : Math.min(PAGE, limit - events.size());
      ServerClient.Response response =
          client.send(
              "GET",
              "/workflows/"
                  + ServerClient.segment(instanceId)
                  + "/history?after="
                  + cursor
                  + "&limit="
                  + page,
              null);
      if (response.status() == 404 && response.error().equals("NOT_FOUND")) {
        throw CliException.failed("no workflow instance '" + instanceId + "'");
      }
      if (response.status() != 200) {
        throw client.failure(response);
      }
      JsonNode body = response.body();
      body.path("events").forEach(events::add);
      next = body.path("next").isNumber() ? body.get("next").asLong() : null;
      if (next != null) {
        cursor = next;
      }
    } while (next != null && (limit == null || events.size() < limit));

    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put("instanceId", instanceId);
      ArrayNode array = json.putArray("events");
      events.forEach(array::add);
      json.put("next", next);
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } else {
      if (events.isEmpty()) {
        out.println(after == 0 ? "No events." : "No events after seq " + after + ".");
      }
      for (JsonNode event : events) {
        out.println(line(event));
      }
      if (next != null) {
        out.println();
        out.println("More: " + Launcher.command() + " history " + instanceId + " --after " + next);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** One event for people: seq, time, type, task and attempt, and what went wrong or why. */
  static String line(JsonNode json) {
    StatusRecord event = StatusRecord.from(json);
    return String.format(
            "%5d  %s  %s",
            event.seq(),
            InstanceWatcher.dateTime(event.timestamp()),
            event.describe() + details(event))
        .stripTrailing();
  }

  /** What {@link StatusRecord#describe()} leaves out that a history reader wants. */
  static String details(StatusRecord event) {
    JsonNode json = event.json();
    return switch (event.type()) {
      case "WorkflowCreated" -> {
        int tasks = json.path("plan").path("executionOrder").size();
        yield " (" + tasks + " task" + (tasks == 1 ? "" : "s") + ")";
      }
      case "TaskCompleted" ->
          json.hasNonNull("output") ? ": " + StatusCommand.output(json.get("output")) : "";
      case "TaskFailed", "TaskTimedOut" ->
          event.willRetry() && json.hasNonNull("retryAt")
              ? " at " + InstanceWatcher.time(json.get("retryAt").asLong())
              : "";
      default -> "";
    };
  }
}
