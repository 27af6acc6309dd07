package dev.baton.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Writes one workflow command and, when asked, waits for the engine's answer on the status topic:
 * the event the command causes, or its rejection. Writing alone only proves the command was stored;
 * a person typing {@code baton pause} wants to know whether the workflow paused.
 */
final class CommandSender {

  /** What became of a command. */
  sealed interface Outcome {
    /** The engine applied it; {@code event} is the event it caused. */
    record Accepted(StatusRecord event) implements Outcome {}

    /** The engine refused it; {@code event} is the CommandRejected. */
    record Rejected(StatusRecord event) implements Outcome {}

    /** Stored, but no answer within the wait (no server running, or it is catching up). */
    record Unanswered() implements Outcome {}
  }

  private final KafkaClients clients;

  CommandSender(KafkaClients clients) {
    this.clients = clients;
  }

  /**
   * @param answers the event types that mean the command was applied
   * @param wait how long to wait for an answer; zero to return once the command is stored
   */
  Outcome send(String type, String instanceId, byte[] command, Set<String> answers, Duration wait) {
    List<String> topics = new ArrayList<>(List.of(clients.topics().commands()));
    if (!wait.isZero()) {
      topics.add(clients.topics().status());
    }
    Admin admin = clients.admin();
    try {
      clients.requireTopics(admin, topics);
    } finally {
      KafkaClients.closeQuietly(admin);
    }
    StatusFeed feed = wait.isZero() ? null : StatusFeed.fromNow(clients, instanceId);
    try {
      write(instanceId, command);
      return feed == null ? new Outcome.Unanswered() : awaitAnswer(feed, type, answers, wait);
    } finally {
      if (feed != null) {
        feed.close();
      }
    }
  }

  private void write(String instanceId, byte[] command) {
    KafkaProducer<String, byte[]> producer = clients.producer();
    try {
      producer.send(new ProducerRecord<>(clients.topics().commands(), instanceId, command)).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw CliException.unreachable(
            "Kafka at "
                + clients.bootstrapServers()
                + " did not take the command within "
                + KafkaClients.TIMEOUT.toSeconds()
                + " s: "
                + e.getCause().getMessage(),
            e.getCause());
      }
      throw CliException.failed(
          "could not write the command to "
              + clients.topics().commands()
              + ": "
              + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted while writing the command");
    } catch (TimeoutException e) {
      throw CliException.unreachable(
          "cannot reach Kafka at "
              + clients.bootstrapServers()
              + " within "
              + KafkaClients.TIMEOUT.toSeconds()
              + " s",
          e);
    } finally {
      KafkaClients.closeQuietly(producer);
    }
  }

  private static Outcome awaitAnswer(
      StatusFeed feed, String type, Set<String> answers, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (StatusRecord event : feed.poll(Duration.ofMillis(200))) {
        if (event.isRejection() && type.equals(event.command())) {
          return new Outcome.Rejected(event);
        }
        if (answers.contains(event.type())) {
          return new Outcome.Accepted(event);
        }
      }
    }
    return new Outcome.Unanswered();
  }
}
