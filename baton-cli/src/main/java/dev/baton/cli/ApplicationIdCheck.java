package dev.baton.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns before a server starts under an application id that has never run on a cluster whose
 * commands topic holds records. Kafka Streams then starts from the beginning of its inputs (there
 * is no committed position to resume from), so every command is processed again: instances are
 * created anew, and the tasks of workflows that ended long ago are dispatched again. That is right
 * for commands written for this server to pick up, and a costly surprise after a typo or a renamed
 * application id; the server cannot tell which, so it says what is about to happen and goes on.
 */
public final class ApplicationIdCheck {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationIdCheck.class);

  private ApplicationIdCheck() {}

  /**
   * The warning for {@code applicationId} on the cluster of {@code admin}, or empty: when the id
   * has committed offsets for every partition of {@code commandsTopic} that holds records, when the
   * topic holds none, and when the cluster cannot be asked within {@code timeout} (the check never
   * stops a server from starting).
   */
  public static Optional<String> warning(
      Admin admin, String applicationId, String commandsTopic, Duration timeout) {
    long ms = timeout.toMillis();
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(commandsTopic))
              .topicNameValues()
              .get(commandsTopic)
              .get(ms, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      description
          .partitions()
          .forEach(
              p -> {
                TopicPartition partition = new TopicPartition(commandsTopic, p.partition());
                earliest.put(partition, OffsetSpec.earliest());
                latest.put(partition, OffsetSpec.latest());
              });
      // read_committed: a transaction's markers and aborted writes are not commands.
      ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
      Map<TopicPartition, Long> first = new HashMap<>();
      admin
          .listOffsets(earliest, committedOnly)
          .all()
          .get(ms, TimeUnit.MILLISECONDS)
          .forEach((p, info) -> first.put(p, info.offset()));
      Map<TopicPartition, Long> end = new HashMap<>();
      admin
          .listOffsets(latest, committedOnly)
          .all()
          .get(ms, TimeUnit.MILLISECONDS)
          .forEach((p, info) -> end.put(p, info.offset()));
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(
                  applicationId, new ListConsumerGroupOffsetsOptions().timeoutMs((int) ms))
              .partitionsToOffsetAndMetadata()
              .get(ms, TimeUnit.MILLISECONDS);
      return decide(applicationId, commandsTopic, first, end, committed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.debug("Cannot check the committed offsets of {}", applicationId, e);
      return Optional.empty();
    }
  }

  /**
   * The decision, from the offsets alone: a partition that holds records and has no committed
   * offset of the application will be read from its beginning.
   */
  static Optional<String> decide(
      String applicationId,
      String commandsTopic,
      Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> latest,
      Map<TopicPartition, OffsetAndMetadata> committed) {
    long replayed = 0;
    int uncommitted = 0;
    boolean anyCommit = false;
    for (Map.Entry<TopicPartition, Long> end : latest.entrySet()) {
      TopicPartition partition = end.getKey();
      long held = Math.max(0, end.getValue() - earliest.getOrDefault(partition, 0L));
      if (committed.get(partition) != null) {
        anyCommit = true;
      } else if (held > 0) {
        replayed += held;
        uncommitted++;
      }
    }
    if (replayed == 0) {
      return Optional.empty();
    }
    String where =
        anyCommit
            ? "has no committed offsets for "
                + uncommitted
                + " of the "
                + latest.size()
                + " partitions of "
                + commandsTopic
                + ", which hold "
            : "has no committed offsets on this cluster, but " + commandsTopic + " holds ";
    return Optional.of(
        "WARNING: application id '"
            + applicationId
            + "' "
            + where
            + "about "
            + replayed
            + " command record"
            + (replayed == 1 ? "" : "s")
            + ": this server will process them all again from the start, creating instances"
            + " anew and re-running the tasks of workflows that ended long ago. If it should"
            + " continue an existing Baton, stop it and give it that Baton's application id"
            + " (--application-id, application.id); if these commands wait for their first"
            + " server, this is expected.");
  }
}
