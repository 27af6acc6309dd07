package dev.baton.cli;

import dev.baton.config.BatonConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** CreateWorkflow from a definition file, validated here first. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Create a workflow instance from a definition file (CreateWorkflow).",
      "The definition is validated locally first; an invalid one is refused with the reason,"
          + " and fields it does not know are warned about on stderr.",
      "Without --id an instance id is generated and printed.",
      "Then waits for the server's answer: a refusal (ALREADY_EXISTS for an id in use, ...) "
          + "exits 1 and submits nothing."
    })
public final class SubmitCommand implements Callable<Integer> {

  /** Room for "-" and 8 random characters within the 128 characters an id may have. */
  private static final int MAX_ID_PREFIX = 119;

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "DEF.json",
      required = true,
      description = "the workflow definition")
  Path file;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "the instance id (default: <workflow id>-<random>)")
  String instanceId;

  @Option(names = "--start", description = "start the instance right away")
  boolean start;

  @Option(
      names = "--watch",
      description = "then show its progress until it ends; the exit code is watch's")
  boolean watch;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "how long to wait for the server's answer, also with --watch (default: "
              + "${DEFAULT-VALUE}; 0 returns once the command is stored, without learning "
              + "whether it was refused)")
  long waitSeconds;

  @Option(
      names = {"-q", "--quiet"},
      description = "print only the instance id")
  boolean quiet;

  @Option(names = "--plain", description = "with --watch: plain lines even on a terminal")
  boolean plain;

  @Override
  public Integer call() {
    try (Logs quiet = Logs.quietKafkaClients()) {
      return run();
    }
  }

  private Integer run() {
    if (instanceId != null) {
      CliException.requireInstanceId("--id ", instanceId);
    }
    if (waitSeconds < 0) {
      throw CliException.badInput("--wait must be 0 or more seconds, was " + waitSeconds);
    }
    BatonConfig config = client.config();
    DefinitionFile definition = DefinitionFile.load(file, config.engineConfig().maxTasks());
    String id = instanceId != null ? instanceId : generateId(definition.workflowId());
    KafkaClients clients = new KafkaClients(config);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    definition.warnUnknownFields(err, spec.qualifiedName());

    // The outcome first, even with --watch: watching an instance that was refused (an id that
    // exists already) would show the old instance as if it were the new one.
    CommandSender.Outcome outcome =
        new CommandSender(clients)
            .send(
                WorkflowCommands.CREATE,
                id,
                WorkflowCommands.create(id, definition.json(), start),
                Set.of(start ? "WorkflowStarted" : "WorkflowCreated"),
                Duration.ofSeconds(waitSeconds));
    if (outcome instanceof CommandSender.Outcome.Rejected) {
      // Throws: nothing was submitted, so nothing is printed on stdout.
      LifecycleCommand.report(out, err, WorkflowCommands.CREATE, id, outcome, waitSeconds);
    }
    if (quiet) {
      out.println(id);
      out.flush();
    } else {
      out.printf(
          "Submitted workflow '%s' (%d task%s) as instance %s%n",
          definition.workflowId(),
          definition.taskCount(),
          definition.taskCount() == 1 ? "" : "s",
          id);
      if (!watch) {
        if (!start) {
          // before the outcome, which throws when no server answered: it is stored all the same
          out.println("Start it with: " + Launcher.command() + " start " + id);
        }
        LifecycleCommand.report(out, err, WorkflowCommands.CREATE, id, outcome, waitSeconds);
      }
      out.flush();
    }
    if (watch) {
      if (!start) {
        err.println(
            "baton submit: the instance stays PENDING until started: "
                + Launcher.command()
                + " start "
                + id);
        err.flush();
      }
      // No check that the instance exists: it does once the server answered, and without an
      // answer the command waits for a server to run, and so does the watch.
      return WatchCommand.watch(spec, clients, id, null, plain, null);
    }
    return ExitCodes.OK;
  }

  static String generateId(String workflowId) {
    String prefix =
        workflowId.length() > MAX_ID_PREFIX ? workflowId.substring(0, MAX_ID_PREFIX) : workflowId;
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
