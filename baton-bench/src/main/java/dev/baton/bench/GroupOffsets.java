package dev.baton.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The offsets a consumer group (an application.id) has committed. */
final class GroupOffsets {

  private GroupOffsets() {}

  /** Summed per topic; a topic with no committed offset is absent. */
  static Map<String, Long> committedByTopic(Admin admin, String groupId, Duration timeout) {
    Map<TopicPartition, OffsetAndMetadata> offsets;
    try {
      offsets =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new BenchmarkException(
          "Cannot read the committed offsets of " + groupId + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new BenchmarkException(
          "Timed out after "
              + timeout.toSeconds()
              + " s reading the committed offsets of "
              + groupId,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("Interrupted while reading committed offsets", e);
    }
    Map<String, Long> byTopic = new HashMap<>();
    offsets.forEach(
        (tp, offset) -> {
          if (offset != null) {
            byTopic.merge(tp.topic(), offset.offset(), Long::sum);
          }
        });
    return byTopic;
  }
}
