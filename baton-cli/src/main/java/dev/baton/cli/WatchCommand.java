package dev.baton.cli;

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

  @Override
  public Integer call() {
    try (Logs quiet = Logs.quietKafkaClients()) {
      return run();
    }
  }

  private Integer run() {
    CliException.requireInstanceId("", instanceId);
    KafkaClients clients = new KafkaClients(client.config());
    return watch(
        spec,
        clients,
        instanceId,
        timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds),
        plain);
  }

  /** Shared with {@code submit --watch}. */
  static int watch(
      CommandSpec spec, KafkaClients clients, String instanceId, Duration timeout, boolean plain) {
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
      return watcher.watch(feed, instanceId, timeout);
    }
  }
}
