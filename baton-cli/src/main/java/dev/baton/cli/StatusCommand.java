package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.config.BatonConfig;
import dev.baton.protocol.WorkflowStatus;
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

/** The current state of one instance, from a Baton server's HTTP API. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the current state of a workflow instance: status, progress, metrics, tasks and "
          + "their outputs (cut to 80 characters; --output json has them whole).",
      "Asks a Baton server (GET /workflows/{id}); any server of the application "
          + "answers for every instance."
    })
public final class StatusCommand implements Callable<Integer> {

  /** Outputs are shown cut to this many characters; --output json has them whole. */
  static final int OUTPUT_WIDTH = 80;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "the workflow instance id")
  String instanceId;

  @Mixin ServerOptions server;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json: the server's answer as it is")
  OutputFormat output;

  @Override
  public Integer call() throws IOException {
    CliException.requireInstanceId("", instanceId);
    ServerClient client = server.client();
    ServerClient.Response response =
        client.send("GET", "/workflows/" + ServerClient.segment(instanceId), null);
    if (response.status() == 404) {
      throw CliException.failed("no workflow instance '" + instanceId + "'");
    }
    if (response.status() != 200) {
      throw client.failure(response);
    }
    JsonNode state = response.body();
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    } else {
      render(out, state, new Terminal(false));
    }
    out.flush();
    return ExitCodes.OK;
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
        width = Math.max(width, taskId(task).length());
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
            taskId(task),
            task.path("status").asText(),
            task.path("attempt").asInt() == 0 ? "-" : task.path("attempt").asText(),
            took,
            task.hasNonNull("error") ? task.get("error").asText() : "");
      }
      boolean heading = false;
      for (JsonNode task : tasks) {
        if (task.hasNonNull("output")) {
          if (!heading) {
            out.println();
            out.println("Outputs:");
            heading = true;
          }
          out.printf("  %-" + width + "s  %s%n", taskId(task), output(task.get("output")));
        }
      }
    }
  }

  /** GET /workflows/{id} names a task {@code id}; the task list names it {@code taskId}. */
  private static String taskId(JsonNode task) {
    return task.hasNonNull("id") ? task.get("id").asText() : task.path("taskId").asText();
  }

  /** A task's output in one line, cut to {@link #OUTPUT_WIDTH} characters. */
  static String output(JsonNode output) {
    if (output.isObject()
        && output.size() == 2
        && output.path("truncated").asBoolean(false)
        && output.has("bytes")) {
      return "(not kept: "
          + output.get("bytes").asLong()
          + " bytes, more than "
          + BatonConfig.MAX_TASK_OUTPUT_BYTES
          + ")";
    }
    return cut(output.isTextual() ? output.textValue() : output.toString(), OUTPUT_WIDTH);
  }

  /** {@code text} on one line, at most {@code width} characters, "..." marking a cut. */
  static String cut(String text, int width) {
    String line = text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return line.length() <= width ? line : line.substring(0, width - 3) + "...";
  }
}
