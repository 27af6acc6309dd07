package dev.baton.cli;

import dev.baton.config.BatonConfig;
import dev.baton.protocol.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients for the command line. Kafka's own defaults wait a minute or more for a cluster that
 * is not there; a person at a terminal should hear within seconds, so every wait is bounded by
 * {@link #TIMEOUT} unless the configuration says otherwise.
 */
public final class KafkaClients {

  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final BatonConfig config;

  public KafkaClients(BatonConfig config) {
    this.config = config;
  }

  public BatonConfig config() {
    return config;
  }

  public TopicNames topics() {
    return config.topics();
  }

  public String bootstrapServers() {
    return config.bootstrapServers();
  }

  /** Short timeouts first, so that anything set in the configuration wins over them. */
  private Properties base(String clientId) {
    Properties props = new Properties();
    String ms = Long.toString(TIMEOUT.toMillis());
    props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    props.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "2000");
    props.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    props.putAll(config.clientProperties());
    return props;
  }

  public Admin admin() {
    Properties props = base("baton-cli-admin");
    // Admin rejects producer/consumer-only keys with a warning per key; keep only its own.
    props.keySet().retainAll(AdminClientConfig.configNames());
    return created(() -> Admin.create(props));
  }

  public KafkaProducer<String, byte[]> producer() {
    Properties props = base("baton-cli-producer");
    props.keySet().retainAll(ProducerConfig.configNames());
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    // Must cover request.timeout.ms + linger.ms, or the producer refuses to start.
    props.putIfAbsent(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(2 * TIMEOUT.toMillis()));
    props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    return created(
        () -> new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
  }

  /**
   * A consumer without a group: readers of the status topic assign partitions themselves and read
   * only committed records, as the contract asks of every consumer of outputs.
   */
  public KafkaConsumer<String, byte[]> consumer(String clientId) {
    Properties props = base(clientId);
    props.keySet().retainAll(ConsumerConfig.configNames());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return created(
        () -> new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer()));
  }

  /**
   * A client, or the one-line error of a client that cannot be made. Kafka's clients resolve the
   * bootstrap addresses when they are created: a host name that does not resolve fails there, with
   * a KafkaException, not later as an unreachable cluster would.
   */
  private <T> T created(Supplier<T> client) {
    try {
      return client.get();
    } catch (KafkaException e) {
      throw creationFailure(e, bootstrapServers());
    }
  }

  /** What a KafkaException from creating a client means for a person, as a CliException. */
  static CliException creationFailure(KafkaException e, String bootstrapServers) {
    if (unresolvable(e)) {
      return CliException.unreachable(
          "cannot reach Kafka at "
              + bootstrapServers
              + ": no host of it resolves to an address; is the name right? "
              + "(--bootstrap-servers, or bootstrap.servers in the configuration)",
          e);
    }
    Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
    return new CliException(
        ExitCodes.BAD_INPUT,
        "cannot create a Kafka client: " + DefinitionFile.firstLine(cause.getMessage()),
        e);
  }

  /** Whether {@code e} says that none of the bootstrap servers' names resolves. */
  static boolean unresolvable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException
          && t.getMessage() != null
          && t.getMessage().contains("No resolvable bootstrap urls")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fails with exit code 3 unless the cluster answers and every topic exists. Checked up front
   * because a producer cannot tell "no cluster" from "no such topic": both are a metadata timeout.
   */
  public void requireTopics(Admin admin, Collection<String> topics) {
    requireReachable(admin);
    List<String> missing = new ArrayList<>();
    Map<String, ? extends org.apache.kafka.common.KafkaFuture<TopicDescription>> descriptions =
        admin
            .describeTopics(topics, new DescribeTopicsOptions().timeoutMs(timeoutMs()))
            .topicNameValues();
    for (String topic : topics) {
      try {
        descriptions.get(topic).get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          missing.add(topic);
        } else {
          throw CliException.unreachable(
              "cannot describe topic "
                  + topic
                  + " on "
                  + bootstrapServers()
                  + ": "
                  + DefinitionFile.firstLine(e.getCause().getMessage()),
              e.getCause());
        }
      } catch (TimeoutException e) {
        throw unreachable(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.failed("interrupted");
      }
    }
    if (!missing.isEmpty()) {
      throw CliException.failed(
          "topic"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + (missing.size() == 1 ? " does" : " do")
              + " not exist on "
              + bootstrapServers()
              + "; create Baton's topics first"
              + " ("
              + Launcher.command()
              + " topics create --bootstrap-servers "
              + bootstrapServers()
              + ")");
    }
  }

  public void requireReachable(Admin admin) {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs()))
          .clusterId()
          .get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }

  private CliException unreachable(Exception e) {
    return CliException.unreachable(
        "cannot reach Kafka at "
            + bootstrapServers()
            + " within "
            + TIMEOUT.toSeconds()
            + " s; is the broker running? (start one with: "
            + Launcher.command()
            + " dev)",
        e);
  }

  private int timeoutMs() {
    return (int) TIMEOUT.toMillis();
  }

  /** Closes without the default 30 s wait for a cluster that is gone. */
  public static void closeQuietly(AutoCloseable client) {
    if (client == null) {
      return;
    }
    try {
      if (client instanceof Admin admin) {
        admin.close(Duration.ofSeconds(1));
      } else if (client instanceof KafkaProducer<?, ?> producer) {
        producer.close(Duration.ofSeconds(1));
      } else if (client instanceof KafkaConsumer<?, ?> consumer) {
        consumer.close(
            org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
      } else {
        client.close();
      }
    } catch (Exception e) {
      // Closing happens after the command's outcome is decided; a failed close must not change it.
    }
  }
}
