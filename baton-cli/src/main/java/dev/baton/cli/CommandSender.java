package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import java.io.IOException;
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
 * the event the command causes, or its rejection, told apart from every other event by the
 * command's commandId. Writing alone only proves the command was stored; a person typing {@code
 * baton pause} wants to know whether the workflow paused.
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
   * @param answers the event types that mean the command was applied; the first event caused by the
   *     command stands for it when none of them comes
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
    // Open before writing, at the end of the topic: an answer however quick is not missed.
    StatusFeed feed = wait.isZero() ? null : StatusFeed.fromNow(clients, instanceId);
    try {
      write(instanceId, command);
      return feed == null
          ? new Outcome.Unanswered()
          : awaitAnswer(feed, commandIdOf(command), answers, wait);
    } finally {
      if (feed != null) {
        feed.close();
      }
    }
  }

  /** The commandId in a command's JSON: every command the CLI writes has one. */
  static String commandIdOf(byte[] command) {
    try {
      JsonNode id = Json.MAPPER.readTree(command).get("commandId");
      if (id == null || !id.isTextual()) {
        throw new IllegalArgumentException("a command without a commandId");
      }
      return id.textValue();
    } catch (IOException e) {
      throw new IllegalArgumentException("a command that is not JSON", e);
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

  /**
   * The outcome of the command {@code commandId}: the engine marks every status event a command
   * causes with its commandId (v1.1), so only those count. Events of other commands for the same
   * instance (another client's, or an earlier one's) never pass for this one's answer.
   */
  static Outcome awaitAnswer(EventFeed feed, String commandId, Set<String> answers, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    StatusRecord first = null;
    while (System.nanoTime() < deadline) {
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      for (StatusRecord event : feed.poll(Duration.ofMillis(Math.min(200, leftMs)))) {
        if (!commandId.equals(event.commandId())) {
          continue;
        }
        if (event.isRejection()) {
          return new Outcome.Rejected(event);
        }
        if (answers.contains(event.type())) {
          return new Outcome.Accepted(event);
        }
        if (first == null) {
          first = event;
        }
      }
    }
    return first == null ? new Outcome.Unanswered() : new Outcome.Accepted(first);
  }
}
