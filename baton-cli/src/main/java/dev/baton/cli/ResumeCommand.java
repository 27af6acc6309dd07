package dev.baton.cli;

import picocli.CommandLine.Command;

/** Sends ResumeWorkflow and reports the engine's answer. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Resume a PAUSED workflow instance.")
public final class ResumeCommand extends LifecycleCommand {

  @Override
  String commandType() {
    return WorkflowCommands.RESUME;
  }

  @Override
  String answer() {
    return "WorkflowResumed";
  }
}
