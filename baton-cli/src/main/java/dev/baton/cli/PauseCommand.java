package dev.baton.cli;

import picocli.CommandLine.Command;

/** Sends PauseWorkflow and reports the engine's answer. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description =
        "Pause a RUNNING workflow instance: nothing new is dispatched until it is resumed.")
public final class PauseCommand extends LifecycleCommand {

  @Override
  String commandType() {
    return WorkflowCommands.PAUSE;
  }

  @Override
  String answer() {
    return "WorkflowPaused";
  }
}
