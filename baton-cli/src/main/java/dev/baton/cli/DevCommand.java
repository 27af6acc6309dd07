package dev.baton.cli;

import dev.baton.config.BatonConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A whole development environment in one process: broker, topics and server. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run an embedded Kafka broker, create the topics and run a Baton server, " + "until Ctrl-C.",
      "Workflows and their state stay in --data-dir across restarts. "
          + "Run 'baton worker' next to it to execute tasks.",
      "A changed application.id (in --config or BATON_APPLICATION_ID) on a data directory "
          + "with commands replays them all; dev warns at start when that is about to happen."
    })
public final class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "the Kafka port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int kafkaPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "the HTTP API port (default: baton.http.port from the configuration or "
              + "BATON_HTTP_PORT, else 8080; 0 picks a free one)")
  Integer httpPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data",
      description =
          "the broker's data (DIR/kafka) and the server's state (DIR/streams); one "
              + "'baton dev' at a time per directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "a properties file of settings, over config/baton.properties")
  Path configFile;

  /**
   * The configuration layers, with the flags on top only when they are given: a flag's default must
   * not hide {@code baton.http.port} from {@code --config} or {@code BATON_HTTP_PORT}.
   */
  BatonConfig.Builder settings() {
    return BatonHome.settings(configFile)
        .override(BatonConfig.HTTP_PORT, httpPort == null ? null : httpPort.toString());
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting Kafka, topics and the Baton server...");
    out.flush();
    LocalBaton local =
        LocalBaton.start(
            kafkaPort, dataDir, OptionalInt.empty(), settings(), spec.commandLine().getErr());
    Runtime.getRuntime().addShutdownHook(new Thread(local::close, "baton-dev-shutdown"));
    String bootstrap = local.kafka().bootstrapServers();
    out.println("Baton dev environment is up.");
    out.println("  Kafka:     " + bootstrap + "   (data in " + local.kafka().dataDir() + ")");
    out.println("  Topics:    " + local.topics().summary());
    ServerCommand.printEndpoints(out, local.server());
    out.println();
    out.println("Next, in another terminal:");
    String flag = bootstrap.equals("127.0.0.1:9092") ? "" : " --bootstrap-servers " + bootstrap;
    String baton = Launcher.command();
    out.println("  " + baton + " worker" + flag);
    out.println(
        "  " + baton + " submit" + flag + " -f examples/build-test-deploy.json --start --watch");
    String server = local.server().httpUri().toString();
    out.println(
        "  "
            + baton
            + " status"
            + (server.equals("http://127.0.0.1:8080") ? "" : " --server " + server)
            + " <instance id>");
    out.println("Stop with Ctrl-C.");
    out.flush();
    while (!local.server().awaitTermination(Duration.ofSeconds(1))) {
      // Waiting for Ctrl-C, or Kafka Streams stopping on its own.
    }
    if (local.server().failed()) {
      throw CliException.failed("Kafka Streams stopped on an error; see the log above");
    }
    return ExitCodes.OK;
  }
}
