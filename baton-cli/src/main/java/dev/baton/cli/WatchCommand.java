package dev.baton.cli;

import dev.baton.config.BatonConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Live progress of one instance, from its history on the status topic to its end. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Show the events and progress of a workflow instance until it ends.",
      "Reads the status topic from the beginning, so it also shows instances that already ended.",
      "An id with no event on the status topic gets 10 s (for an instance just submitted); "
          + "then, unless a Baton server (--server) knows it, watch says there is no such "
          + "instance and exits 1.",
      "Exits 0 only when the instance COMPLETED."
    })
public final class WatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the workflow instance id")
  String instanceId;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "give up (exit 1) when the instance has not ended after this long")
  Long timeoutSeconds;

  @Option(names = "--plain", description = "plain lines even on a terminal")
  boolean plain;

  @Option(names = "--server", paramLabel = "URL", description = ServerOptions.SERVER_HELP)
  String server;

  /** How long an id may have no event before the server is asked whether it exists. */
  static final Duration GRACE = Duration.ofSeconds(10);

  @Override
  public Integer call() {
    try (Logs quiet = Logs.quietKafkaClients()) {
      return run();
    }
  }

  private Integer run() {
    CliException.requireInstanceId("", instanceId);
    BatonConfig config = client.config();
    KafkaClients clients = new KafkaClients(config);
    return watch(
        spec,
        clients,
        instanceId,
        timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds),
        plain,
        new InstanceLookup.Check(GRACE, config.topics().status(), id -> lookup(config, id)));
  }

  /** Asks the server; any failure to ask is an answer too (Unknown), never an error. */
  private InstanceLookup.Answer lookup(BatonConfig config, String id) {
    ServerClient http;
    try {
      http = ServerClient.of(server, config);
    } catch (CliException e) {
      return new InstanceLookup.Answer.Unknown(e.getMessage());
    }
    try {
      ServerClient.Response response =
          http.send("GET", "/workflows/" + ServerClient.segment(id), null);
      if (response.status() == 404) {
        return new InstanceLookup.Answer.Missing("the Baton server at " + http.base());
      }
      if (response.status() == 200) {
        return new InstanceLookup.Answer.Exists(StatusRecord.from(response.body()).status());
      }
      return new InstanceLookup.Answer.Unknown(http.failure(response).getMessage());
    } catch (CliException e) {
      return new InstanceLookup.Answer.Unknown(e.getMessage());
    }
  }

  /**
   * Shared with {@code submit --watch}.
   *
   * @param check null: wait for the instance's events however long they take
   */
  static int watch(
      CommandSpec spec,
      KafkaClients clients,
      String instanceId,
      Duration timeout,
      boolean plain,
      InstanceLookup.Check check) {
    Admin admin = clients.admin();
    try {
      clients.requireTopics(admin, List.of(clients.topics().status()));
    } finally {
      KafkaClients.closeQuietly(admin);
    }
    InstanceWatcher watcher =
        new InstanceWatcher(
            spec.commandLine().getOut(), spec.commandLine().getErr(), Terminal.detect(plain));
    try (StatusFeed feed = StatusFeed.fromBeginning(clients, instanceId)) {
      return watcher.watch(feed, instanceId, timeout, check);
    }
  }
}
