package dev.baton.cli;

import dev.baton.admin.TopicCatalogException;
import dev.baton.admin.TopicProvisioningException;
import dev.baton.config.BatonConfigException;
import dev.baton.devbroker.EmbeddedKafkaException;
import dev.baton.server.ServerStartException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code baton} command line: one subcommand per row of the contract's table. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    versionProvider = BatonCli.Version.class,
    description = "Baton: a workflow orchestrator that runs on Kafka Streams.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      DemoCommand.class,
      DevCommand.class,
      BrokerCommand.class,
      ServerCommand.class,
      TopicsCommand.class,
      SubmitCommand.class,
      StartCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ListCommand.class,
      HistoryCommand.class,
      EventsCommand.class,
      LintCommand.class,
      WorkerCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Run 'baton COMMAND --help' for the options of a command.",
      "From a checkout, ./baton bench runs the benchmark (./baton bench --help).",
      "Try it: baton demo"
    })
public final class BatonCli implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(BatonCli.class);

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with Baton's error handling: every failure is one line on stderr and an exit
   * code from {@link ExitCodes}, never a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BatonCli());
    commandLine.setExecutionExceptionHandler(BatonCli::onExecutionException);
    commandLine.setParameterExceptionHandler(BatonCli::onParameterException);
    documentExitCodes(commandLine);
    return commandLine;
  }

  @Override
  public void run() {
    // "baton" alone: show what there is, as a usage error so scripts notice.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  private static void documentExitCodes(CommandLine commandLine) {
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.descriptions());
    commandLine.getSubcommands().values().forEach(BatonCli::documentExitCodes);
  }

  private static int onExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    String prefix = commandLine.getCommandSpec().qualifiedName() + ": ";
    int code;
    String message;
    if (e instanceof CliException cli) {
      code = cli.exitCode();
      message = cli.getMessage();
    } else if (e instanceof org.apache.kafka.common.KafkaException kafka
        && KafkaClients.unresolvable(kafka)) {
      // A Kafka client made outside KafkaClients (the worker's, the server's): same rule.
      code = ExitCodes.UNREACHABLE;
      message =
          "cannot reach Kafka: no host of bootstrap.servers resolves to an address; is the name"
              + " right? (--bootstrap-servers, or bootstrap.servers in the configuration)";
    } else if (e instanceof BatonConfigException || e instanceof TopicCatalogException) {
      code = ExitCodes.BAD_INPUT;
      message = e.getMessage();
    } else if (e instanceof ServerStartException
        || e instanceof EmbeddedKafkaException
        || e instanceof TopicProvisioningException) {
      // The libraries' own messages already say what failed and what to fix.
      code = causedByTimeout(e) ? ExitCodes.UNREACHABLE : ExitCodes.FAILED;
      message = e.getMessage();
    } else {
      // A bug or an unexpected environment: still one line, with the type to search for.
      code = ExitCodes.FAILED;
      message = "unexpected error: " + e;
      LOG.debug("{} failed", commandLine.getCommandSpec().qualifiedName(), e);
    }
    err.println(prefix + DefinitionFile.firstLine(message));
    err.flush();
    return code;
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.apache.kafka.common.errors.TimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static int onParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println(
        name + ": " + DefinitionFile.firstLine(e.getMessage()) + " (see '" + name + " --help')");
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  /** The version of the jar, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = BatonCli.class.getPackage().getImplementationVersion();
      return new String[] {"baton " + (version == null ? "dev" : version)};
    }
  }
}
