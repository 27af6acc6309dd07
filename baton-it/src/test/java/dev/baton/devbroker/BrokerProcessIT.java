package dev.baton.devbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicProvisioner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/** The broker in a JVM of its own, as {@code baton broker} runs it. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerProcessIT {

  /** The exit code of a JVM that ran its shutdown hooks on SIGTERM (128 + 15). */
  private static final int EXIT_ON_SIGTERM = 143;

  /** The exit code of a JVM killed by SIGKILL (128 + 9). */
  private static final int EXIT_ON_SIGKILL = 137;

  @Test
  void servesClientsFromItsOwnJvmAndStopsCleanlyOnSigterm(@TempDir final Path dataDir)
      throws Exception {
    final BrokerProcess broker = BrokerProcess.start(0, dataDir, Duration.ofSeconds(90));
    try {
      assertThat(broker.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());

      try (Admin admin = KafkaTestClients.admin(broker.bootstrapServers());
          KafkaProducer<String, String> producer =
              KafkaTestClients.producer(broker.bootstrapServers(), null)) {
        TopicProvisioner.createAll(
            admin, TopicCatalog.defaults(), OptionalInt.empty(), OptionalInt.empty());
        producer
            .send(new ProducerRecord<>(TopicCatalog.COMMANDS, "i-1", "{}"))
            .get(30, TimeUnit.SECONDS);
      }
      final List<ConsumerRecord<String, String>> records =
          KafkaTestClients.consume(
              broker.bootstrapServers(), TopicCatalog.COMMANDS, 1, Duration.ofSeconds(30));
      assertThat(records).extracting(ConsumerRecord::key).containsExactly("i-1");
    } finally {
      assertThat(broker.stop(Duration.ofSeconds(30))).isEqualTo(EXIT_ON_SIGTERM);
    }
    // Kafka writes this marker only when its log manager shut down in order, and removes it on
    // start.
    assertThat(dataDir.resolve("kafka").resolve(".kafka_cleanshutdown")).exists();
  }

  @Test
  void killSkipsTheShutdownHook(@TempDir final Path dataDir) {
    final BrokerProcess broker = BrokerProcess.start(0, dataDir, Duration.ofSeconds(90));

    assertThat(broker.kill()).isEqualTo(EXIT_ON_SIGKILL);

    assertThat(broker.isAlive()).isFalse();
    assertThat(dataDir.resolve("kafka").resolve(".kafka_cleanshutdown")).doesNotExist();
    // Restarting on this directory works but takes ~12 s, mostly the controller waiting out the
    // session of
    // the killed broker (broker.session.timeout.ms, 9 s) before it accepts the new one.
  }

  @Test
  void reportsWhyTheBrokerCouldNotStart(@TempDir final Path dataDir) throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      final int port = squatter.getLocalPort();

      assertThatThrownBy(() -> BrokerProcess.start(port, dataDir, Duration.ofSeconds(90)))
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessageContaining("The broker JVM exited before it was ready (exit code 1)")
          .hasMessageContaining("error: Port " + port + " on 127.0.0.1 is already in use");
    }
  }
}
