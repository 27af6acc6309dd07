package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.domain.Planner;
import dev.baton.protocol.definition.DagAnalysis;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.json.Json;
import dev.baton.protocol.json.OutputWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Validates a definition file the way the engine will and prints its plan. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a workflow definition and print its plan.",
      "Fields the contract does not know are warned about on stderr, one line each with its "
          + "JSON path and the field it may be a slip for; the definition stays valid (the server"
          + " ignores them)."
    })
public final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DEF.json", description = "the workflow definition")
  Path file;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json: the plan as in WorkflowCreated")
  OutputFormat output;

  @Option(
      names = "--max-tasks",
      paramLabel = "N",
      defaultValue = "" + Planner.DEFAULT_MAX_TASKS,
      description = "the largest task count accepted (default: ${DEFAULT-VALUE}, as the server)")
  int maxTasks;

  @Override
  public Integer call() throws IOException {
    DefinitionFile definition = DefinitionFile.load(file, maxTasks);
    definition.warnUnknownFields(spec.commandLine().getErr(), spec.qualifiedName());
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      JsonNode plan = Json.MAPPER.readTree(OutputWriter.plan(definition.analysis().plan()));
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan));
    } else {
      printPlan(out, definition);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printPlan(PrintWriter out, DefinitionFile file) {
    DagAnalysis analysis = file.analysis();
    WorkflowDefinition definition = analysis.definition();
    Plan plan = analysis.plan();
    int tasks = definition.tasks().size();
    out.printf(
        "%s: valid workflow '%s' (%d task%s, scheduling %s%s)%n",
        file.path(),
        definition.id(),
        tasks,
        tasks == 1 ? "" : "s",
        definition.scheduling(),
        definition.allowParallel() ? "" : ", one task at a time");
    out.println();
    out.println("Execution order:   " + String.join(", ", plan.executionOrder()));
    out.println("Parallel groups:");
    List<List<String>> groups = plan.parallelGroups();
    for (int g = 0; g < groups.size(); g++) {
      long longest = analysis.groupMaxEstimateMs().get(g);
      out.printf(
          "  %2d  %s  (longest %s)%n",
          g, String.join(", ", groups.get(g)), DurationText.format(longest));
    }
    out.println(
        "Critical path:     "
            + String.join(" -> ", plan.criticalPath())
            + " ("
            + DurationText.format(criticalPathMs(analysis))
            + ")");
    out.println("Estimated total:   " + DurationText.format(plan.estimatedTotalTimeMs()));
  }

  /** The planner keeps, per task, the longest estimate-weighted chain from it to the end. */
  private static long criticalPathMs(DagAnalysis analysis) {
    List<String> path = analysis.plan().criticalPath();
    return path.isEmpty() ? 0 : analysis.node(path.get(0)).tailMs();
  }
}
