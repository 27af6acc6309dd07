package dev.baton.cli;

import picocli.CommandLine.Command;

/** Sends StartWorkflow and reports the engine's answer. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Start a PENDING workflow instance.")
public final class StartCommand extends LifecycleCommand {

  @Override
  String commandType() {
    return WorkflowCommands.START;
  }

  @Override
  String answer() {
    return "WorkflowStarted";
  }
}
