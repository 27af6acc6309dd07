package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads the status topic: every partition, committed records only, without a consumer group (a
 * reader that goes away leaves nothing behind to clean up).
 */
public final class StatusFeed implements EventFeed {

  private final KafkaConsumer<String, byte[]> consumer;
  private final String instanceId;
  private final List<TopicPartition> partitions;
  private Map<TopicPartition, Long> caughtUpAt;

  private StatusFeed(KafkaConsumer<String, byte[]> consumer, String topic, String instanceId) {
    this.consumer = consumer;
    this.instanceId = instanceId;
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, KafkaClients.TIMEOUT);
    } catch (TimeoutException e) {
      throw CliException.unreachable(
          "no metadata for topic " + topic + " within " + KafkaClients.TIMEOUT.toSeconds() + " s",
          e);
    }
    if (infos == null || infos.isEmpty()) {
      throw CliException.failed(
          "topic "
              + topic
              + " does not exist; create Baton's topics first"
              + " ("
              + Launcher.command()
              + " topics create)");
    }
    partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
  }

  /** Every event so far and then the live ones; {@code instanceId} null for every instance. */
  public static StatusFeed fromBeginning(KafkaClients clients, String instanceId) {
    StatusFeed feed = open(clients, instanceId);
    feed.consumer.seekToBeginning(feed.partitions);
    feed.caughtUpAt = feed.consumer.endOffsets(feed.partitions, KafkaClients.TIMEOUT);
    return feed;
  }

  /** Only events written from now on. */
  public static StatusFeed fromNow(KafkaClients clients, String instanceId) {
    StatusFeed feed = open(clients, instanceId);
    feed.consumer.seekToEnd(feed.partitions);
    // seekToEnd is lazy: resolve it now, or an event written before the first poll is missed.
    Map<TopicPartition, Long> now = new HashMap<>();
    for (TopicPartition partition : feed.partitions) {
      now.put(partition, feed.consumer.position(partition, KafkaClients.TIMEOUT));
    }
    feed.caughtUpAt = now;
    return feed;
  }

  private static StatusFeed open(KafkaClients clients, String instanceId) {
    KafkaConsumer<String, byte[]> consumer = clients.consumer("baton-cli-status");
    try {
      return new StatusFeed(consumer, clients.topics().status(), instanceId);
    } catch (RuntimeException e) {
      KafkaClients.closeQuietly(consumer);
      throw e;
    }
  }

  /**
   * The next events, in order per instance. Records that are not status events are skipped: the
   * topic is Baton's output, and a reader must not stop on a record it cannot show.
   */
  @Override
  public List<StatusRecord> poll(Duration timeout) {
    List<StatusRecord> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
      if (instanceId != null && !instanceId.equals(record.key())) {
        continue;
      }
      if (record.value() == null) {
        continue;
      }
      try {
        JsonNode json = Json.MAPPER.readTree(record.value());
        if (json != null && json.isObject()) {
          events.add(StatusRecord.from(json));
        }
      } catch (IOException e) {
        continue;
      }
    }
    return events;
  }

  /** Whether every event written before this feed was opened has been read. */
  @Override
  public boolean caughtUp() {
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition, KafkaClients.TIMEOUT) < caughtUpAt.get(partition)) {
        return false;
      }
    }
    return true;
  }

  /** Makes a blocked {@link #poll} return; safe from any thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    KafkaClients.closeQuietly(consumer);
  }
}
