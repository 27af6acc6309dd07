package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Ids;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Workflow instances, a page at a time, from a Baton server's {@code GET /workflows}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List workflow instances, newest created first (GET /workflows, v1.1).",
      "Prints one page of --limit and, when there are more, how to get the next one; --all "
          + "follows the pages to the end."
    })
public final class ListCommand implements Callable<Integer> {

  /** The server's largest page. */
  static final int MAX_LIMIT = 1000;

  @Spec CommandSpec spec;

  @Mixin ServerOptions server;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description =
          "only instances in this status: PENDING, RUNNING, PAUSED, COMPLETED, FAILED or "
              + "CANCELLED; repeat it for several")
  List<String> statuses = new ArrayList<>();

  @Option(
      names = "--workflow",
      paramLabel = "W",
      description = "only instances of this workflow (the definition's id)")
  String workflowId;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "instances per page, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--after",
      paramLabel = "CURSOR",
      description = "the page after this cursor (the 'next' of the page before)")
  String after;

  @Option(names = "--all", description = "follow the pages until the last one")
  boolean all;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default): a table; json: {\"items\": [...], \"next\": CURSOR or null}, "
              + "the server's answer (every page's items, with --all)")
  OutputFormat output;

  @Override
  public Integer call() throws IOException {
    List<WorkflowStatus> wanted = statuses(statuses);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw CliException.badInput("--limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    if (workflowId != null && !Ids.isValid(workflowId)) {
      throw CliException.badInput(
          "--workflow '" + workflowId + "' is not a workflow id: ids match " + Ids.PATTERN);
    }
    ServerClient client = server.client();
    List<JsonNode> items = new ArrayList<>();
    String cursor = after;
    String next;
    do {
      JsonNode page = client.get(query(wanted, workflowId, limit, cursor));
      page.path("items").forEach(items::add);
      next = page.path("next").isTextual() ? page.get("next").asText() : null;
      cursor = next;
    } while (all && next != null);

    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      ArrayNode array = json.putArray("items");
      items.forEach(array::add);
      json.put("next", next);
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } else {
      if (items.isEmpty()) {
        out.println(cursor == null && after == null ? "No instances." : "No more instances.");
      } else {
        table(out, items, System.currentTimeMillis());
      }
      if (next != null) {
        out.println();
        out.println("More: " + nextCommand(wanted, workflowId, limit, next) + "   (or --all)");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The statuses asked for, upper-cased; an unknown one is bad input. */
  static List<WorkflowStatus> statuses(List<String> given) {
    List<WorkflowStatus> wanted = new ArrayList<>();
    for (String text : given) {
      for (String one : text.split(",")) {
        String name = one.trim().toUpperCase(Locale.ROOT);
        try {
          WorkflowStatus status = WorkflowStatus.valueOf(name);
          if (!wanted.contains(status)) {
            wanted.add(status);
          }
        } catch (IllegalArgumentException e) {
          throw CliException.badInput(
              "--status '"
                  + one.trim()
                  + "' is not a status; one of "
                  + Arrays.toString(WorkflowStatus.values()));
        }
      }
    }
    return wanted;
  }

  static String query(List<WorkflowStatus> statuses, String workflowId, int limit, String after) {
    StringBuilder query = new StringBuilder("/workflows?limit=").append(limit);
    statuses.forEach(s -> query.append("&status=").append(s.name()));
    if (workflowId != null) {
      query.append("&workflowId=").append(ServerClient.segment(workflowId));
    }
    if (after != null) {
      query.append("&after=").append(ServerClient.segment(after));
    }
    return query.toString();
  }

  private static String nextCommand(
      List<WorkflowStatus> statuses, String workflowId, int limit, String next) {
    StringBuilder command = new StringBuilder(Launcher.command() + " list");
    statuses.forEach(s -> command.append(" --status ").append(s.name()));
    if (workflowId != null) {
      command.append(" --workflow ").append(workflowId);
    }
    if (limit != 50) {
      command.append(" --limit ").append(limit);
    }
    return command.append(" --after ").append(next).toString();
  }

  /** The table for people: one row per instance. */
  static void table(PrintWriter out, List<JsonNode> items, long now) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "INSTANCE", "WORKFLOW", "STATUS", "PROGRESS", "TASKS", "CREATED", "DURATION"
        });
    for (JsonNode item : items) {
      int total = item.path("totalTasks").asInt();
      int failed = item.path("failedTasks").asInt();
      rows.add(
          new String[] {
            item.path("instanceId").asText(),
            item.path("workflowId").asText(),
            item.path("status").asText(),
            Math.round(item.path("progress").asDouble() * 100) + "%",
            item.path("completedTasks").asInt()
                + "/"
                + total
                + (failed > 0 ? ", " + failed + " failed" : ""),
            item.hasNonNull("createdAt")
                ? InstanceWatcher.dateTime(item.get("createdAt").asLong())
                : "-",
            duration(item, now)
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        boolean numeric = c == 3;
        String cell =
            numeric
                ? " ".repeat(widths[c] - row[c].length()) + row[c]
                : row[c] + " ".repeat(widths[c] - row[c].length());
        line.append(c == 0 ? "" : "  ").append(cell);
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** Start to end, or to now while it runs; "-" before it started. */
  static String duration(JsonNode item, long now) {
    if (!item.hasNonNull("startedAt")) {
      return "-";
    }
    long start = item.get("startedAt").asLong();
    long end = item.hasNonNull("endedAt") ? item.get("endedAt").asLong() : now;
    return DurationText.format(Math.max(0, end - start));
  }
}
