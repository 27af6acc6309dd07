package dev.baton.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sends CancelWorkflow and reports the engine's answer. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a workflow instance that has not ended; running tasks are cancelled.")
public final class CancelCommand extends LifecycleCommand {

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "why, recorded in the WorkflowCancelled event")
  String reason;

  @Override
  String commandType() {
    return WorkflowCommands.CANCEL;
  }

  @Override
  String answer() {
    return "WorkflowCancelled";
  }

  @Override
  byte[] command() {
    return WorkflowCommands.cancel(instanceId, reason);
  }
}
