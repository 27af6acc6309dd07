package dev.baton.devbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.admin.TopicProvisioner;
import dev.baton.admin.TopicSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycles of the embedded broker: each test starts brokers of its own. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaRestartIT {

  @Test
  void restartOnTheSameDataDirKeepsTopicsAndRecords(@TempDir final Path dataDir) throws Exception {
    final String clusterId;
    try (EmbeddedKafka first = EmbeddedKafka.builder().dataDir(dataDir).build().start();
        Admin admin = KafkaTestClients.admin(first.bootstrapServers());
        KafkaProducer<String, String> producer =
            KafkaTestClients.producer(first.bootstrapServers(), null)) {
      clusterId = first.clusterId();
      TopicProvisioner.createAll(
          admin,
          List.of(TopicSpec.of("kept.topic", 2, (short) 1)),
          OptionalInt.empty(),
          OptionalInt.empty());
      producer
          .send(new ProducerRecord<>("kept.topic", "i-1", "survives a restart"))
          .get(30, TimeUnit.SECONDS);
    }
    assertThat(dataDir.resolve("kafka").resolve("meta.properties"))
        .as("a given data dir is kept")
        .exists();

    try (EmbeddedKafka second = EmbeddedKafka.builder().dataDir(dataDir).build().start();
        Admin admin = KafkaTestClients.admin(second.bootstrapServers())) {
      assertThat(second.clusterId()).as("storage was not formatted again").isEqualTo(clusterId);
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept.topic");
      final List<ConsumerRecord<String, String>> records =
          KafkaTestClients.consume(
              second.bootstrapServers(), "kept.topic", 1, Duration.ofSeconds(30));
      assertThat(records)
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.key()).isEqualTo("i-1");
                assertThat(record.value()).isEqualTo("survives a restart");
              });
    }
  }

  @Test
  void aTemporaryDataDirIsDeletedOnClose() {
    final EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
    final Path dataDir = kafka.dataDir();
    assertThat(dataDir).isDirectory();

    kafka.close();
    kafka.close();

    assertThat(dataDir).doesNotExist();
    assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failsClearlyWhenTheKafkaPortIsTaken(@TempDir final Path dataDir) throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      final int port = squatter.getLocalPort();
      final EmbeddedKafka kafka = EmbeddedKafka.builder().kafkaPort(port).dataDir(dataDir).build();

      assertThatThrownBy(kafka::start)
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessage(
              "Port "
                  + port
                  + " on 127.0.0.1 is already in use; choose another Kafka port"
                  + " (0 picks a free one)");
    }
  }

  @Test
  void formatsADataDirWhoseLogWasNeverFormatted(@TempDir final Path dataDir) throws IOException {
    // A data dir whose log was never formatted (say, a crash between mkdir and format) is formatted
    // now.
    Files.createDirectories(dataDir.resolve("kafka"));

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).build().start()) {
      assertThat(kafka.clusterId()).isNotBlank();
    }
  }
}
