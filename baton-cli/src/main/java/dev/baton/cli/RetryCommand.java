package dev.baton.cli;

import picocli.CommandLine.Command;

/** Sends RetryWorkflow (v1.1) and reports the engine's answer. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Retry a FAILED workflow instance from its point of failure (RetryWorkflow).",
      "Its failed and cancelled tasks get a fresh budget of attempts (attempt numbers go on); "
          + "completed tasks stay completed. Any other status rejects it (INVALID_TRANSITION)."
    })
public final class RetryCommand extends LifecycleCommand {

  @Override
  String commandType() {
    return WorkflowCommands.RETRY;
  }

  @Override
  String answer() {
    return "WorkflowRetried";
  }
}
