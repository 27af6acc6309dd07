package dev.baton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Topic administration; the work is in its subcommands. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Manage Baton's Kafka topics.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {TopicsCreateCommand.class, CommandLine.HelpCommand.class})
public final class TopicsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }
}
