package dev.baton.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What start, pause, resume, cancel and retry share: one command to one instance, then its answer.
 */
abstract class LifecycleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the workflow instance id")
  String instanceId;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "how long to wait for the server's answer (default: ${DEFAULT-VALUE}; "
              + "0 returns once the command is stored)")
  long waitSeconds;

  /** The command's wire type. */
  abstract String commandType();

  /** The event the command causes when the engine applies it. */
  abstract String answer();

  byte[] command() {
    return WorkflowCommands.lifecycle(commandType(), instanceId);
  }

  @Override
  public Integer call() {
    try (Logs quiet = Logs.quietKafkaClients()) {
      return run();
    }
  }

  private Integer run() {
    CliException.requireInstanceId("", instanceId);
    if (waitSeconds < 0) {
      throw CliException.badInput("--wait must be 0 or more seconds, was " + waitSeconds);
    }
    CommandSender sender = new CommandSender(new KafkaClients(client.config()));
    CommandSender.Outcome outcome =
        sender.send(
            commandType(),
            instanceId,
            command(),
            Set.of(answer()),
            Duration.ofSeconds(waitSeconds));
    return report(
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        commandType(),
        instanceId,
        outcome,
        waitSeconds);
  }

  private static String retried(StatusRecord event) {
    String tasks = event.retriedTasks();
    return tasks.isEmpty() ? "" : "; tasks retried" + tasks;
  }

  /** Prints what became of a command; shared with submit. */
  static int report(
      PrintWriter out,
      PrintWriter err,
      String type,
      String instanceId,
      CommandSender.Outcome outcome,
      long waitSeconds) {
    if (outcome instanceof CommandSender.Outcome.Rejected rejected) {
      StatusRecord event = rejected.event();
      throw CliException.failed(
          type
              + " for "
              + instanceId
              + " was rejected: "
              + event.reason()
              + (event.message() == null ? "" : ": " + event.message()));
    }
    if (outcome instanceof CommandSender.Outcome.Accepted accepted) {
      StatusRecord event = accepted.event();
      out.println(
          instanceId
              + ": "
              + event.type()
              + ", status "
              + event.status()
              + (event.type().equals("WorkflowRetried") ? retried(event) : ""));
    } else {
      out.println(instanceId + ": " + type + " sent");
      if (waitSeconds > 0) {
        out.flush();
        // Stored, so not lost; but what became of it is unknown, and a script must not go on as if
        // it were applied.
        throw CliException.unreachable(
            "no answer from a Baton server within "
                + waitSeconds
                + " s; the command is stored and will be applied when a server runs",
            null);
      }
    }
    out.flush();
    err.flush();
    return ExitCodes.OK;
  }
}
