package dev.baton.cli;

import dev.baton.admin.ProvisionReport;
import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicCatalogException;
import dev.baton.admin.TopicProvisioner;
import dev.baton.admin.TopicProvisioningException;
import dev.baton.admin.TopicSpec;
import dev.baton.admin.TopicVerificationException;
import dev.baton.config.BatonConfig;
import dev.baton.protocol.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates the topics of topics/ that do not exist yet; safe to run again. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create Baton's topics, as declared in topics/, idempotently: existing topics "
          + "are left as they are.",
      "Topic names follow the baton.topic.* settings."
    })
public final class TopicsCreateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description =
          "the partition count of every topic (default: as declared, "
              + TopicCatalog.DEFAULT_PARTITIONS
              + ")")
  Integer partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      description =
          "the replication factor of every topic (default: as declared; usually the "
              + "cluster's default.replication.factor)")
  Integer replicationFactor;

  @Option(
      names = "--topics-dir",
      paramLabel = "DIR",
      description =
          "the topic declarations (default: ./topics, then $BATON_HOME/topics, then the "
              + "built-in ones)")
  Path topicsDir;

  @Override
  public Integer call() {
    try (Logs quiet = Logs.quietKafkaClients()) {
      return run();
    }
  }

  private Integer run() {
    if (partitions != null && partitions < 1) {
      throw CliException.badInput("--partitions must be at least 1, was " + partitions);
    }
    if (replicationFactor != null
        && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
      throw CliException.badInput(
          "--replication-factor must be at least 1, was " + replicationFactor);
    }
    BatonConfig config = client.config();
    List<TopicSpec> specs = renamed(declared(), config.topics());
    KafkaClients clients = new KafkaClients(config);
    PrintWriter out = spec.commandLine().getOut();
    Admin admin = clients.admin();
    try {
      clients.requireReachable(admin);
      ProvisionReport report =
          TopicProvisioner.createAll(
              admin,
              specs,
              partitions == null ? OptionalInt.empty() : OptionalInt.of(partitions),
              replicationFactor == null ? OptionalInt.empty() : OptionalInt.of(replicationFactor));
      int inputPartitions =
          TopicProvisioner.verifyInputs(
              admin, config.topics().commands(), config.topics().taskResults());
      out.println("Topics on " + clients.bootstrapServers() + ": " + report.summary());
      out.println(
          "Input topics have "
              + inputPartitions
              + " partition"
              + (inputPartitions == 1 ? "" : "s")
              + " each.");
      out.flush();
      return ExitCodes.OK;
    } catch (TopicProvisioningException | TopicVerificationException e) {
      throw CliException.failed(e.getMessage());
    } finally {
      KafkaClients.closeQuietly(admin);
    }
  }

  private List<TopicSpec> declared() {
    Path dir = topicsDir != null ? topicsDir : BatonHome.directory("topics").orElse(null);
    if (dir == null) {
      return TopicCatalog.defaults();
    }
    try {
      return TopicCatalog.load(dir);
    } catch (TopicCatalogException e) {
      throw CliException.badInput(e.getMessage());
    }
  }

  /** The declarations use the default names; a deployment may rename every topic. */
  static List<TopicSpec> renamed(List<TopicSpec> specs, TopicNames names) {
    TopicNames defaults = TopicNames.DEFAULTS;
    Map<String, String> byDefault =
        Map.of(
            defaults.commands(),
            names.commands(),
            defaults.taskResults(),
            names.taskResults(),
            defaults.taskDispatch(),
            names.taskDispatch(),
            defaults.status(),
            names.status(),
            defaults.metrics(),
            names.metrics(),
            defaults.deadLetter(),
            names.deadLetter(),
            dev.baton.topology.BatonTopology.definitionFactsTopic(defaults),
            dev.baton.topology.BatonTopology.definitionFactsTopic(names));
    return specs.stream()
        .map(spec -> spec.withName(byDefault.getOrDefault(spec.name(), spec.name())))
        .toList();
  }
}
