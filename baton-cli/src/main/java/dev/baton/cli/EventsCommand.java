package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.config.BatonConfig;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Tails one of Baton's output topics, a line per record, until Ctrl-C. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Print the records of one of Baton's output topics as they come, one line each, "
          + "until Ctrl-C.",
      "Reads committed records only (read_committed), from every partition, without a "
          + "consumer group: nothing is left behind on the cluster.",
      "Dead letters show their reason, where the refused record was (topic/partition@offset), "
          + "its key, the message and the refused value when it is text (cut to 200 "
          + "characters)."
    })
public final class EventsCommand implements Callable<Integer> {

  /** The refused value of a dead letter is shown cut to this many characters. */
  static final int VALUE_WIDTH = 200;

  /** The topics this command reads, by the names of {@code --topic}. */
  enum Topic {
    STATUS("status"),
    METRICS("metrics"),
    DEAD_LETTER("dead-letter");

    final String option;

    Topic(String option) {
      this.option = option;
    }

    static Topic of(String text) {
      for (Topic topic : values()) {
        if (topic.option.equals(text.toLowerCase(Locale.ROOT))) {
          return topic;
        }
      }
      throw CliException.badInput(
          "--topic '" + text + "' is not one of status, metrics, dead-letter");
    }

    String name(BatonConfig config) {
      return switch (this) {
        case STATUS -> config.topics().status();
        case METRICS -> config.topics().metrics();
        case DEAD_LETTER -> config.topics().deadLetter();
      };
    }
  }

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "status",
      description =
          "status (default), metrics or dead-letter: baton.status, baton.metrics, "
              + "baton.dead-letter, or their names in the configuration")
  String topic;

  @Option(
      names = "--instance",
      paramLabel = "ID",
      description = "only the records of this instance (keyed by its id)")
  String instanceId;

  @Option(
      names = "--from-beginning",
      description = "every record the topic still holds first (default: only new ones)")
  boolean fromBeginning;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default): a line per record; json: each record's value as it is")
  OutputFormat output;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "stop after N records (default: run until Ctrl-C)")
  Long max;

  @Override
  public Integer call() {
    try (Logs quiet = Logs.quietKafkaClients()) {
      return run();
    }
  }

  private Integer run() {
    Topic kind = Topic.of(topic);
    if (instanceId != null) {
      CliException.requireInstanceId("--instance ", instanceId);
    }
    if (max != null && max < 1) {
      throw CliException.badInput("--max must be 1 or more, was " + max);
    }
    BatonConfig config = client.config();
    KafkaClients clients = new KafkaClients(config);
    String name = kind.name(config);
    Admin admin = clients.admin();
    try {
      clients.requireTopics(admin, List.of(name));
    } finally {
      KafkaClients.closeQuietly(admin);
    }
    KafkaConsumer<String, byte[]> consumer = clients.consumer("baton-cli-events");
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              consumer.wakeup();
              try {
                done.await(2, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "baton-events-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    try {
      List<TopicPartition> partitions = assign(consumer, name);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
        // Resolved now: a record written between this and the first poll is shown.
        partitions.forEach(p -> consumer.position(p, KafkaClients.TIMEOUT));
      }
      // On stderr, so that stdout stays the records alone: an empty topic is not a hung command.
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "Reading "
              + name
              + (fromBeginning ? " from the beginning" : " from now on")
              + (max == null ? "; Ctrl-C to stop" : ", up to " + max + " record(s)"));
      err.flush();
      long shown = 0;
      while (max == null || shown < max) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (!matches(record, instanceId)) {
            continue;
          }
          out.println(output == OutputFormat.json ? raw(record.value()) : line(kind, record));
          shown++;
          if (max != null && shown >= max) {
            break;
          }
        }
        out.flush();
      }
    } catch (WakeupException e) {
      // Ctrl-C: the end this command is made for.
    } finally {
      out.flush();
      KafkaClients.closeQuietly(consumer);
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Shutting down already: the hook is running.
      }
    }
    return ExitCodes.OK;
  }

  private static List<TopicPartition> assign(KafkaConsumer<String, byte[]> consumer, String name) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(name, KafkaClients.TIMEOUT);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw CliException.unreachable(
          "no metadata for topic " + name + " within " + KafkaClients.TIMEOUT.toSeconds() + " s",
          e);
    }
    List<TopicPartition> partitions =
        infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    return partitions;
  }

  static boolean matches(ConsumerRecord<String, byte[]> record, String instanceId) {
    if (instanceId == null || instanceId.equals(record.key())) {
      return true;
    }
    JsonNode json = json(record.value());
    return json != null && instanceId.equals(json.path("instanceId").asText(null));
  }

  static String raw(byte[] value) {
    return value == null ? "null" : new String(value, StandardCharsets.UTF_8);
  }

  /** One record for people; a record that is not what the topic should hold is shown as is. */
  static String line(Topic kind, ConsumerRecord<String, byte[]> record) {
    JsonNode json = json(record.value());
    long at = json != null && json.hasNonNull("timestamp") ? json.get("timestamp").asLong() : 0;
    String time = InstanceWatcher.time(at > 0 ? at : record.timestamp());
    if (json == null || !json.isObject()) {
      return time
          + "  "
          + record.key()
          + "  (not a JSON object: "
          + StatusCommand.cut(raw(record.value()), VALUE_WIDTH)
          + ")";
    }
    String type = json.path("type").asText("");
    return time
        + "  "
        + switch (kind) {
          case STATUS -> status(json);
          case METRICS ->
              type.equals("DefinitionMetrics") ? definitionMetrics(json) : metrics(json);
          case DEAD_LETTER -> deadLetter(record.key(), json);
        };
  }

  static String status(JsonNode json) {
    StatusRecord event = StatusRecord.from(json);
    String progress =
        event.status() == null
            ? ""
            : "  ["
                + event.status()
                + (event.progress() == null ? "" : " " + Math.round(event.progress() * 100) + "%")
                + "]";
    return event.instanceId()
        + "  #"
        + event.seq()
        + "  "
        + event.describe()
        + HistoryCommand.details(event)
        + progress;
  }

  static String metrics(JsonNode m) {
    StringBuilder line =
        new StringBuilder(m.path("instanceId").asText())
            .append("  ")
            .append(m.path("type").asText("WorkflowMetrics"))
            .append(' ')
            .append(m.path("status").asText())
            .append(' ')
            .append(Math.round(m.path("progress").asDouble() * 100))
            .append("%  tasks ")
            .append(m.path("completedTasks").asInt())
            .append('/')
            .append(m.path("totalTasks").asInt())
            .append(" (")
            .append(m.path("runningTasks").asInt())
            .append(" running, ")
            .append(m.path("pendingTasks").asInt())
            .append(" pending, ")
            .append(m.path("failedTasks").asInt())
            .append(" failed), ")
            .append(m.path("retries").asInt())
            .append(" retr")
            .append(m.path("retries").asInt() == 1 ? "y" : "ies");
    if (m.hasNonNull("actualDurationMs")) {
      line.append(", ").append(DurationText.format(m.get("actualDurationMs").asLong()));
    }
    if (m.path("estimatedTimeRemainingMs").asLong(0) > 0) {
      line.append(", ~")
          .append(DurationText.format(m.get("estimatedTimeRemainingMs").asLong()))
          .append(" left");
    }
    return line.toString();
  }

  static String definitionMetrics(JsonNode m) {
    return "definition:"
        + m.path("workflowId").asText()
        + "  DefinitionMetrics "
        + InstanceWatcher.time(m.path("windowStart").asLong())
        + "-"
        + InstanceWatcher.time(m.path("windowEnd").asLong())
        + ": started "
        + m.path("started").asLong()
        + ", completed "
        + m.path("completed").asLong()
        + ", failed "
        + m.path("failed").asLong()
        + ", cancelled "
        + m.path("cancelled").asLong()
        + ", running "
        + m.path("running").asLong()
        + ", attempts "
        + m.path("taskAttempts").asLong()
        + ", task failures "
        + m.path("taskFailures").asLong()
        + (m.hasNonNull("workflowDurationMsP50")
            ? ", p50 "
                + DurationText.format(m.get("workflowDurationMsP50").asLong())
                + ", p95 "
                + DurationText.format(m.path("workflowDurationMsP95").asLong())
            : "");
  }

  static String deadLetter(String key, JsonNode d) {
    String originalKey = d.hasNonNull("key") ? d.get("key").asText() : key;
    return "DeadLetter "
        + d.path("reason").asText("?")
        + "  "
        + d.path("topic").asText("?")
        + "/"
        + d.path("partition").asText("?")
        + "@"
        + d.path("offset").asText("?")
        + "  key="
        + (originalKey == null ? "(none)" : originalKey)
        + (d.path("keyTruncated").asBoolean(false) ? "..." : "")
        + "  "
        + StatusCommand.cut(d.path("message").asText(""), VALUE_WIDTH)
        + "  value: "
        + value(d);
  }

  /** The refused value: its text when it is UTF-8 text, else its size. */
  static String value(JsonNode d) {
    if (!d.hasNonNull("valueBase64")) {
      return "(none)";
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(d.get("valueBase64").asText());
    } catch (IllegalArgumentException e) {
      return "(not base64)";
    }
    String suffix =
        d.path("valueTruncated").asBoolean(false)
            ? " (a copy of the first "
                + bytes.length
                + " of "
                + d.path("valueBytes").asLong()
                + " bytes)"
            : "";
    String text = utf8Text(bytes);
    if (text == null) {
      return "(" + bytes.length + " bytes, not text)" + suffix;
    }
    return StatusCommand.cut(text, VALUE_WIDTH) + suffix;
  }

  /** {@code bytes} as text when they are valid UTF-8 without control characters, else null. */
  static String utf8Text(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return null;
      }
    }
    return text;
  }

  private static JsonNode json(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(value);
    } catch (IOException e) {
      return null;
    }
  }
}
