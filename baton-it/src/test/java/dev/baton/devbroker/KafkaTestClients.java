package dev.baton.devbroker;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small client factories shared by the broker tests. */
final class KafkaTestClients {

  private KafkaTestClients() {}

  static Admin admin(final String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  static KafkaProducer<String, String> producer(
      final String bootstrapServers, final String transactionalId) {
    return producer(bootstrapServers, transactionalId, Map.of());
  }

  static KafkaProducer<String, String> producer(
      final String bootstrapServers,
      final String transactionalId,
      final Map<String, Object> overrides) {
    final Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    if (transactionalId != null) {
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    config.putAll(overrides);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> readCommittedConsumer(
      final String bootstrapServers, final String groupId) {
    final Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /** Reads {@code topic} from the beginning until {@code count} records arrived. */
  static List<ConsumerRecord<String, String>> consume(
      final String bootstrapServers, final String topic, final int count, final Duration timeout) {
    final List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        readCommittedConsumer(bootstrapServers, "test-" + topic + "-" + System.nanoTime())) {
      consumer.subscribe(List.of(topic));
      final long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < count) {
        if (System.nanoTime() > deadline) {
          fail("Expected %d records on %s within %s, got %s", count, topic, timeout, records);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
