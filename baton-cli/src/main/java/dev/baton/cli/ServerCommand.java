package dev.baton.cli;

import dev.baton.config.BatonConfig;
import dev.baton.server.BatonServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The orchestrator against any Kafka cluster, until Ctrl-C or SIGTERM. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the orchestrator (Kafka Streams) and its HTTP API against a Kafka cluster.",
      "Every setting can also come from config/baton.properties, --config FILE and BATON_* "
          + "environment variables (flags win).",
      "Servers with the same application id share the work."
    })
public final class ServerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers (default: bootstrap.servers from the configuration, "
              + "127.0.0.1:9092)")
  String bootstrapServers;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      description =
          "the Kafka Streams application id (default: application.id, baton). Servers with "
              + "the same id share the work and its state. A new id on a cluster whose commands "
              + "topic holds records processes every command again from the start, re-running "
              + "tasks of workflows that ended long ago: the server warns at start when that is "
              + "about to happen")
  String applicationId;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "local state (default: state.dir, data/streams)")
  Path stateDir;

  @Option(
      names = "--http-port",
      paramLabel = "N",
      description = "the HTTP API port (default: baton.http.port, 8080; 0 picks a free one)")
  Integer httpPort;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "a properties file of settings, over config/baton.properties")
  Path configFile;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir == null ? null : stateDir.toString());
    overrides.put(BatonConfig.HTTP_PORT, httpPort == null ? null : httpPort.toString());
    BatonConfig config = BatonHome.settings(configFile).overrides(overrides).build();
    KafkaClients clients = new KafkaClients(config);
    awaitKafka(clients, config.startupTimeout(), spec.commandLine().getErr());
    warnOfReplay(clients, spec.commandLine().getErr(), spec.qualifiedName());

    BatonServer server = BatonServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "baton-server-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Baton server running (application.id "
            + config.applicationId()
            + ", Kafka "
            + config.bootstrapServers()
            + ")");
    printEndpoints(out, server);
    out.println("Stop with Ctrl-C.");
    out.flush();
    while (!server.awaitTermination(Duration.ofSeconds(1))) {
      // Waiting for Ctrl-C, SIGTERM, or Kafka Streams stopping on its own.
    }
    if (server.failed()) {
      throw CliException.failed("Kafka Streams stopped on an error; see the log above");
    }
    return ExitCodes.OK;
  }

  /**
   * Waits for the cluster to answer, up to the server's startup timeout: a server started beside a
   * broker that is still coming up (or restarting) waits for it instead of exiting. It says so
   * after the first try (a wrong address should not look like a slow start), and a host that does
   * not resolve fails at once (exit 3).
   */
  static void awaitKafka(KafkaClients clients, Duration timeout, PrintWriter err) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Quiet from the start: a host that does not resolve is warned about as the client is made.
    try (Logs quiet = Logs.quietKafkaClients()) {
      Admin admin = clients.admin();
      try {
        for (int attempt = 1; ; attempt++) {
          try {
            clients.requireReachable(admin);
            return;
          } catch (CliException e) {
            if (System.nanoTime() >= deadline
                || e.exitCode() != ExitCodes.UNREACHABLE
                || Thread.currentThread().isInterrupted()) {
              throw e;
            }
            if (attempt == 1) {
              err.println(
                  "baton server: "
                      + e.getMessage()
                      + "; trying again until "
                      + BatonConfig.STARTUP_TIMEOUT_MS
                      + " ("
                      + timeout.toSeconds()
                      + " s) has passed");
              err.flush();
            }
            try {
              Thread.sleep(1_000);
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
              throw CliException.failed("interrupted while waiting for Kafka");
            }
          }
        }
      } finally {
        KafkaClients.closeQuietly(admin);
      }
    }
  }

  /** The warning of {@link ApplicationIdCheck}, on {@code err}, when it applies. */
  static void warnOfReplay(KafkaClients clients, PrintWriter err, String command) {
    try (Logs quiet = Logs.quietKafkaClients()) {
      Admin admin = clients.admin();
      try {
        warnOfReplay(admin, clients.config(), err, command);
      } finally {
        KafkaClients.closeQuietly(admin);
      }
    }
  }

  static void warnOfReplay(Admin admin, BatonConfig config, PrintWriter err, String command) {
    ApplicationIdCheck.warning(
            admin, config.applicationId(), config.topics().commands(), KafkaClients.TIMEOUT)
        .ifPresent(
            warning -> {
              err.println(command + ": " + warning);
              err.flush();
            });
  }

  static void printEndpoints(PrintWriter out, BatonServer server) {
    String base = server.httpUri().toString();
    out.println("  HTTP API:  " + base + "/workflows/{id}");
    out.println("             " + base + "/health");
    out.println("             " + base + "/metrics");
  }
}
