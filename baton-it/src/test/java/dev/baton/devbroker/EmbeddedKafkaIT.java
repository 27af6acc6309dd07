package dev.baton.devbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.admin.ProvisionReport;
import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicProvisioner;
import dev.baton.admin.TopicProvisioningException;
import dev.baton.admin.TopicSpec;
import dev.baton.admin.TopicVerificationException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One broker for the whole class; every test uses topics of its own. */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedKafkaIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;
  private static Admin admin;

  @BeforeAll
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  static void startBroker() {
    kafka = EmbeddedKafka.builder().build().start();
    admin = KafkaTestClients.admin(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void advertisesTheLoopbackAddressOnly() throws Exception {
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());

    final Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);

    assertThat(nodes)
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.host()).isEqualTo("127.0.0.1");
              assertThat(node.port()).isEqualTo(kafka.port());
            });
  }

  @Test
  void isNotReachableOnOtherInterfaces() throws SocketException {
    final Optional<InetAddress> external =
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
            .findFirst();
    Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");

    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), kafka.port()), 2_000);
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void createsTopicsOnceAndReportsThemAsExistingAfterwards() throws Exception {
    final List<TopicSpec> specs = renamed(TopicCatalog.defaults(), "provision.");
    final List<String> names = specs.stream().map(TopicSpec::name).toList();

    final ProvisionReport first =
        TopicProvisioner.createAll(admin, specs, OptionalInt.empty(), OptionalInt.empty());
    final ProvisionReport second =
        TopicProvisioner.createAll(admin, specs, OptionalInt.empty(), OptionalInt.empty());

    assertThat(first.created()).containsExactlyElementsOf(names);
    assertThat(first.existing()).isEmpty();
    assertThat(second.created()).isEmpty();
    assertThat(second.existing()).containsExactlyElementsOf(names);

    final Map<String, TopicDescription> described =
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    assertThat(described.values())
        .allSatisfy(
            description -> {
              assertThat(description.partitions()).hasSize(6);
              assertThat(description.partitions().get(0).replicas())
                  .as("the broker's default replication")
                  .hasSize(1);
            });
    assertThat(topicConfig("provision.baton.metrics").get("cleanup.policy").value())
        .isEqualTo("compact");
    assertThat(topicConfig("provision.baton.metrics").get("segment.ms").value())
        .isEqualTo("3600000");
    assertThat(topicConfig("provision.baton.dead-letter").get("retention.ms").value())
        .isEqualTo("1209600000");
    assertThat(topicConfig("provision.baton.status").get("retention.ms").value())
        .isEqualTo("604800000");
  }

  @Test
  void leavesAnExistingTopicAsItIs() throws Exception {
    TopicProvisioner.createAll(
        admin,
        List.of(TopicSpec.of("existing.topic", 2, (short) 1)),
        OptionalInt.empty(),
        OptionalInt.empty());

    final ProvisionReport report =
        TopicProvisioner.createAll(
            admin,
            List.of(
                TopicSpec.of("existing.topic", 5, (short) 1),
                TopicSpec.of("existing.new", 1, (short) 1)),
            OptionalInt.empty(),
            OptionalInt.empty());

    assertThat(report.existing()).containsExactly("existing.topic");
    assertThat(report.created()).containsExactly("existing.new");
    assertThat(partitionCount("existing.topic")).isEqualTo(2);
  }

  @Test
  void overridesApplyToEveryTopic() throws Exception {
    final List<TopicSpec> specs = renamed(TopicCatalog.defaults(), "override.");

    TopicProvisioner.createAll(admin, specs, OptionalInt.of(2), OptionalInt.of(1));

    for (final TopicSpec spec : specs) {
      assertThat(partitionCount(spec.name())).as(spec.name()).isEqualTo(2);
    }
  }

  @Test
  void rejectsNonsensicalOverrides() {
    final List<TopicSpec> specs = List.of(TopicSpec.of("never.created", 1, (short) 1));

    assertThatThrownBy(
            () -> TopicProvisioner.createAll(admin, specs, OptionalInt.of(0), OptionalInt.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions override must be at least 1, got 0");
    assertThatThrownBy(
            () -> TopicProvisioner.createAll(admin, specs, OptionalInt.empty(), OptionalInt.of(-3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replication factor override");
  }

  @Test
  void namesEachTopicThatCouldNotBeCreatedAndCreatesTheOthers() throws Exception {
    final List<TopicSpec> specs =
        List.of(
            TopicSpec.of("failing.fine", 1, (short) 1),
            TopicSpec.of("failing.replication", 1, (short) 3),
            new TopicSpec("failing.config", 1, (short) 1, Map.of("cleanup.policy", "shred")));

    assertThatThrownBy(
            () ->
                TopicProvisioner.createAll(admin, specs, OptionalInt.empty(), OptionalInt.empty()))
        .isInstanceOfSatisfying(
            TopicProvisioningException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("Could not create 2 of 3 topics:")
                  .contains("failing.replication (InvalidReplicationFactorException")
                  .contains("failing.config (InvalidConfigurationException")
                  .contains("shred")
                  .endsWith("created 1 topic (failing.fine); 0 already existed");
              assertThat(e.report().created()).containsExactly("failing.fine");
            });
    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
        .contains("failing.fine")
        .doesNotContain("failing.replication", "failing.config");
  }

  @Test
  void transactionalRecordsReachReadCommittedConsumersOnlyWhenCommitted() {
    TopicProvisioner.createAll(
        admin,
        List.of(TopicSpec.of("tx.topic", 1, (short) 1)),
        OptionalInt.empty(),
        OptionalInt.empty());

    try (KafkaProducer<String, String> producer =
        KafkaTestClients.producer(kafka.bootstrapServers(), "tx-test")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx.topic", "i-1", "committed"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx.topic", "i-1", "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx.topic", "i-2", "committed later"));
      producer.commitTransaction();
    }

    // The aborted record sits between the two committed ones, so reading the second proves it was
    // skipped.
    final List<ConsumerRecord<String, String>> records =
        KafkaTestClients.consume(kafka.bootstrapServers(), "tx.topic", 2, WAIT);

    assertThat(records)
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("i-1", "committed"),
            org.assertj.core.groups.Tuple.tuple("i-2", "committed later"));
  }

  @Test
  void verifyInputsAcceptsCoPartitionedInputs() {
    TopicProvisioner.createAll(
        admin,
        List.of(
            TopicSpec.of("ok.commands", 3, (short) 1), TopicSpec.of("ok.results", 3, (short) 1)),
        OptionalInt.empty(),
        OptionalInt.empty());

    assertThat(TopicProvisioner.verifyInputs(admin, "ok.commands", "ok.results")).isEqualTo(3);
  }

  @Test
  void verifyInputsNamesAMissingTopic() {
    TopicProvisioner.createAll(
        admin,
        List.of(TopicSpec.of("half.results", 6, (short) 1)),
        OptionalInt.empty(),
        OptionalInt.empty());

    assertThatThrownBy(() -> TopicProvisioner.verifyInputs(admin, "half.commands", "half.results"))
        .isInstanceOf(TopicVerificationException.class)
        .hasMessageStartingWith("Input topic 'half.commands' does not exist")
        .hasMessageNotContaining("half.results");
    assertThatThrownBy(() -> TopicProvisioner.verifyInputs(admin, "none.commands", "none.results"))
        .isInstanceOf(TopicVerificationException.class)
        .hasMessageStartingWith("Input topics 'none.commands' and 'none.results' do not exist");
  }

  @Test
  void verifyInputsRejectsInputsThatAreNotCoPartitioned() {
    TopicProvisioner.createAll(
        admin,
        List.of(
            TopicSpec.of("skew.commands", 6, (short) 1),
            TopicSpec.of("skew.results", 3, (short) 1)),
        OptionalInt.empty(),
        OptionalInt.empty());

    assertThatThrownBy(() -> TopicProvisioner.verifyInputs(admin, "skew.commands", "skew.results"))
        .isInstanceOf(TopicVerificationException.class)
        .hasMessageStartingWith(
            "Input topics are not co-partitioned: 'skew.commands' has 6 partitions"
                + " but 'skew.results' has 3");
  }

  @Test
  void refusesToCreateTopicsImplicitly() throws Exception {
    // A metadata request for an unknown topic asks the broker to auto-create it; ours must refuse.
    try (KafkaProducer<String, String> producer =
        KafkaTestClients.producer(
            kafka.bootstrapServers(), null, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000))) {
      assertThatThrownBy(() -> producer.partitionsFor("typo.topic"))
          .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
          .hasMessageContaining("typo.topic");
    }
    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("typo.topic");
  }

  @Test
  void newTopicsAreUsableAsSoonAsCreateAllReturns() throws Exception {
    final List<TopicSpec> specs = renamed(TopicCatalog.defaults(), "ready.");

    TopicProvisioner.createAll(admin, specs, OptionalInt.empty(), OptionalInt.empty());

    final Map<String, TopicDescription> described =
        admin
            .describeTopics(specs.stream().map(TopicSpec::name).toList())
            .allTopicNames()
            .get(30, TimeUnit.SECONDS);
    assertThat(described.values())
        .allSatisfy(
            description ->
                assertThat(description.partitions())
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull()));
  }

  private static List<TopicSpec> renamed(final List<TopicSpec> specs, final String prefix) {
    return specs.stream()
        .map(spec -> spec.withName(prefix + spec.name()))
        .collect(Collectors.toList());
  }

  private static int partitionCount(final String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .size();
  }

  private static Config topicConfig(final String topic) throws Exception {
    final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
  }
}
