package dev.baton.it;

import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicProvisioner;
import dev.baton.admin.TopicSpec;
import dev.baton.devbroker.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka cluster for one integration test class (the embedded broker, or any other such as a
 * container), handing each test a {@link TestApp} of its own: its own topics, application id,
 * worker group and state directories, so tests never see each other's records.
 */
public final class BatonTestCluster implements AutoCloseable {

  /** Few partitions keep topic creation and rebalances fast; two still exercise routing. */
  public static final int PARTITIONS = 2;

  private final EmbeddedKafka kafka;
  private final String bootstrapServers;
  private final Admin admin;

  private BatonTestCluster(EmbeddedKafka kafka, String bootstrapServers) {
    this.kafka = kafka;
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Starts the embedded single-node broker. */
  public static BatonTestCluster embedded() {
    EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
    try {
      return new BatonTestCluster(kafka, kafka.bootstrapServers());
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** A cluster started elsewhere. */
  public static BatonTestCluster external(String bootstrapServers) {
    return new BatonTestCluster(null, bootstrapServers);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Admin admin() {
    return admin;
  }

  /** A fresh set of Baton topics, {@value #PARTITIONS} partitions each, and an app to use them. */
  public TestApp newApp() {
    String id = "t" + UUID.randomUUID().toString().substring(0, 8);
    List<TopicSpec> specs =
        TopicCatalog.defaults().stream()
            .map(spec -> spec.withName(id + "." + spec.name()))
            .toList();
    TopicProvisioner.createAll(admin, specs, OptionalInt.of(PARTITIONS), OptionalInt.of(1));
    return new TestApp(this, id);
  }

  @Override
  public void close() {
    admin.close();
    if (kafka != null) {
      kafka.close();
    }
  }
}
