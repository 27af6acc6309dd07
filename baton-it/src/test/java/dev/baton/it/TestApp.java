package dev.baton.it;

import dev.baton.cli.Workers;
import dev.baton.config.BatonConfig;
import dev.baton.protocol.TopicNames;
import dev.baton.server.BatonServer;
import dev.baton.worker.TaskRegistry;
import dev.baton.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * One test's Baton: its topics, application id, worker group and state directories, with readers on
 * its output topics and a producer for its inputs. Closing it stops every server and worker it
 * started and deletes its state directories.
 */
public final class TestApp implements AutoCloseable {

  public final String id;
  public final TopicNames topics;
  public final String applicationId;
  public final StatusReader status;
  public final TopicReader dispatches;
  public final TopicReader deadLetters;
  public final TopicReader metrics;
  private final BatonTestCluster cluster;
  private final KafkaProducer<String, byte[]> producer;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final List<Path> directories = new ArrayList<>();

  TestApp(BatonTestCluster cluster, String id) {
    this.cluster = cluster;
    this.id = id;
    TopicNames d = TopicNames.DEFAULTS;
    this.topics =
        new TopicNames(
            id + "." + d.commands(),
            id + "." + d.taskResults(),
            id + "." + d.taskDispatch(),
            id + "." + d.status(),
            id + "." + d.metrics(),
            id + "." + d.deadLetter());
    this.applicationId = "baton-it-" + id;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                // Room to send records over Baton's own limits, as a careless producer would.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                16 * 1024 * 1024),
            new StringSerializer(),
            new ByteArraySerializer());
    this.status = new StatusReader(cluster.bootstrapServers(), topics.status());
    // Every record Baton writes, as the tests read it, must match the contract's schemas.
    this.dispatches =
        new TopicReader(
            cluster.bootstrapServers(), topics.taskDispatch(), r -> "task-dispatch.schema.json");
    this.deadLetters =
        new TopicReader(
            cluster.bootstrapServers(), topics.deadLetter(), r -> "dead-letter.schema.json");
    this.metrics =
        new TopicReader(
            cluster.bootstrapServers(),
            topics.metrics(),
            r ->
                "DefinitionMetrics".equals(r.path("type").asText())
                    ? "definition-metrics.schema.json"
                    : "workflow-metrics.schema.json");
  }

  /** The cluster this app's topics are on. */
  public BatonTestCluster cluster() {
    return cluster;
  }

  /** This app's settings, as a deployment would give them, with its own state directory. */
  public BatonConfig config(Path stateDir) {
    return config(stateDir, Map.of());
  }

  /** {@link #config(Path)} with {@code extra} settings on top. */
  public BatonConfig config(Path stateDir, Map<String, String> extra) {
    return BatonConfig.builder()
        .environment(Map.of())
        .defaultFile(null)
        .overrides(settings(stateDir))
        .overrides(extra)
        .build();
  }

  /** The settings of a server of this app, in order: its cluster, topics and own directory. */
  public Map<String, String> settings(Path stateDir) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bootstrap.servers", cluster.bootstrapServers());
    settings.put("application.id", applicationId);
    settings.put("state.dir", stateDir.toString());
    settings.put(BatonConfig.HTTP_PORT, "0");
    settings.put(BatonConfig.TOPIC_COMMANDS, topics.commands());
    settings.put(BatonConfig.TOPIC_TASK_RESULTS, topics.taskResults());
    settings.put(BatonConfig.TOPIC_TASK_DISPATCH, topics.taskDispatch());
    settings.put(BatonConfig.TOPIC_STATUS, topics.status());
    settings.put(BatonConfig.TOPIC_METRICS, topics.metrics());
    settings.put(BatonConfig.TOPIC_DEAD_LETTER, topics.deadLetter());
    settings.put(BatonConfig.WORKER_GROUP_ID, applicationId + "-workers");
    settings.put(BatonConfig.STARTUP_TIMEOUT_MS, "60000");
    return settings;
  }

  /** An empty directory, deleted when the app closes. */
  public Path newStateDir() {
    try {
      Path dir = Files.createTempDirectory("baton-it-state-");
      directories.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public BatonServer startServer() {
    return startServer(newStateDir());
  }

  public BatonServer startServer(Path stateDir) {
    return startServer(stateDir, Map.of());
  }

  /**
   * One stream thread: two such servers on the app's two partitions hold one each. With more
   * threads per server, the assignor may give both partitions to one server's threads, a fair share
   * per thread, and leave the other server holding nothing.
   */
  public static final Map<String, String> ONE_THREAD = Map.of("num.stream.threads", "1");

  /** A server with {@code extra} settings over this app's, on a new state directory. */
  public BatonServer startServer(Map<String, String> extra) {
    return startServer(newStateDir(), extra);
  }

  /** A server with {@code extra} settings over this app's. */
  public BatonServer startServer(Path stateDir, Map<String, String> extra) {
    BatonServer server = BatonServer.start(config(stateDir, extra));
    started.push(server);
    return server;
  }

  public Worker startWorker(TaskRegistry registry) {
    return startWorker(registry, 4);
  }

  /** A worker running up to {@code threads} tasks at a time. */
  public Worker startWorker(TaskRegistry registry, int threads) {
    Worker worker =
        Workers.builder(config(newStateDir()))
            .registry(registry)
            .threads(threads)
            .shutdownGrace(Duration.ofSeconds(5))
            .build()
            .start();
    started.push(worker);
    return worker;
  }

  public void create(String instanceId, String definitionJson, boolean start) {
    command(
        instanceId,
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\""
            + instanceId
            + "\",\"definition\":"
            + definitionJson
            + ",\"start\":"
            + start
            + "}");
  }

  /** Start, Pause, Resume: the commands with nothing but an instance id. */
  public void lifecycle(String type, String instanceId) {
    command(instanceId, "{\"type\":\"" + type + "\",\"instanceId\":\"" + instanceId + "\"}");
  }

  public void cancel(String instanceId, String reason) {
    command(
        instanceId,
        "{\"type\":\"CancelWorkflow\",\"instanceId\":\""
            + instanceId
            + "\",\"reason\":\""
            + reason
            + "\"}");
  }

  public void command(String key, String json) {
    send(topics.commands(), key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Writes a record and waits for the broker to have it. */
  /** Lets {@code topic} take records of up to {@code bytes}, as a topic made by others may. */
  public void allowRecordsUpTo(String topic, int bytes) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    AlterConfigOp op =
        new AlterConfigOp(
            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
            AlterConfigOp.OpType.SET);
    try {
      cluster
          .admin()
          .incrementalAlterConfigs(Map.of(resource, List.of(op)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot raise max.message.bytes of " + topic, e);
    }
  }

  public void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot write to " + topic, e);
    }
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    List<AutoCloseable> all = new ArrayList<>(started);
    all.addAll(List.of(status, dispatches, deadLetters, metrics, producer));
    for (AutoCloseable resource : all) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    directories.forEach(TestApp::delete);
    if (failure != null) {
      throw failure;
    }
  }

  static void delete(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
