package dev.baton.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.engine.EngineConfig;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology, serdes and persistent (RocksDB) stores under a TopologyTestDriver, with JSON
 * shorthands for the records tests send and read.
 */
final class TopologyFixture implements AutoCloseable {

  static final TopicNames TOPICS = TopicNames.DEFAULTS;

  final Path stateDir;
  private final String applicationId = "baton-test-" + UUID.randomUUID();
  private final int maxRecordBytes;
  private final EngineConfig engineConfig;
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> commands;
  TestInputTopic<String, byte[]> results;
  TestOutputTopic<String, String> status;
  TestOutputTopic<String, String> dispatch;
  TestOutputTopic<String, String> metrics;
  TestOutputTopic<String, String> deadLetters;

  /** When the next input record is written; the server processes it then too (see send). */
  long now = 1_764_340_000_000L;

  /** Where the mocked wall clock is, which the engine reads as its processing time. */
  private long wallClock = now;

  TopologyFixture() {
    this(BatonTopology.DEFAULT_MAX_RECORD_BYTES);
  }

  TopologyFixture(int maxRecordBytes) {
    this(maxRecordBytes, EngineConfig.DEFAULTS);
  }

  TopologyFixture(EngineConfig engineConfig) {
    this(BatonTopology.DEFAULT_MAX_RECORD_BYTES, engineConfig);
  }

  TopologyFixture(int maxRecordBytes, EngineConfig engineConfig) {
    this.maxRecordBytes = maxRecordBytes;
    this.engineConfig = engineConfig;
    try {
      stateDir = Files.createTempDirectory("baton-ttd");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    open();
  }

  /** Starts a driver; it deletes its stores when closed, so restarts are integration tests. */
  private void open() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // The mocked wall clock starts where record time does, so both clocks agree until a test
    // moves one of them.
    driver =
        new TopologyTestDriver(
            BatonTopology.build(TOPICS, engineConfig, maxRecordBytes),
            props,
            Instant.ofEpochMilli(now));
    StringSerializer keys = new StringSerializer();
    ByteArraySerializer values = new ByteArraySerializer();
    commands = driver.createInputTopic(TOPICS.commands(), keys, values);
    results = driver.createInputTopic(TOPICS.taskResults(), keys, values);
    StringDeserializer strings = new StringDeserializer();
    status = driver.createOutputTopic(TOPICS.status(), strings, strings);
    dispatch = driver.createOutputTopic(TOPICS.taskDispatch(), strings, strings);
    metrics = driver.createOutputTopic(TOPICS.metrics(), strings, strings);
    deadLetters = driver.createOutputTopic(TOPICS.deadLetter(), strings, strings);
  }

  /** Moves the mocked wall clock, firing wall-clock punctuations on the way. */
  void advanceWallClock(long ms) {
    driver.advanceWallClockTime(Duration.ofMillis(ms));
    wallClock += ms;
  }

  /**
   * A record written at {@link #now} is processed no earlier: the wall clock catches up first
   * (firing punctuations on the way), as a server's does while records arrive.
   */
  private void catchUp() {
    if (now > wallClock) {
      advanceWallClock(now - wallClock);
    }
  }

  void sendCommand(String key, String json) {
    catchUp();
    commands.pipeInput(new TestRecord<>(key, bytes(json), Instant.ofEpochMilli(now)));
  }

  void sendResult(String key, String json) {
    catchUp();
    results.pipeInput(new TestRecord<>(key, bytes(json), Instant.ofEpochMilli(now)));
  }

  void sendCommandBytes(String key, byte[] value) {
    catchUp();
    commands.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(now)));
  }

  void sendResultBytes(String key, byte[] value) {
    catchUp();
    results.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(now)));
  }

  static byte[] bytes(String json) {
    return json == null ? null : json.getBytes(StandardCharsets.UTF_8);
  }

  static String definition(String id, String scheduling, String... tasks) {
    return "{\"id\":\""
        + id
        + "\",\"scheduling\":\""
        + scheduling
        + "\",\"tasks\":["
        + String.join(",", tasks)
        + "]}";
  }

  static String task(String id, long estimateMs, String... dependencies) {
    StringBuilder deps = new StringBuilder();
    for (String dep : dependencies) {
      deps.append(deps.length() == 0 ? "" : ",").append('"').append(dep).append('"');
    }
    return "{\"id\":\""
        + id
        + "\",\"estimatedDurationMs\":"
        + estimateMs
        + ",\"dependencies\":["
        + deps
        + "]}";
  }

  void create(String instanceId, String definition, boolean start) {
    sendCommand(
        instanceId,
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\""
            + instanceId
            + "\",\"definition\":"
            + definition
            + ",\"start\":"
            + start
            + "}");
  }

  void command(String type, String instanceId) {
    sendCommand(instanceId, "{\"type\":\"" + type + "\",\"instanceId\":\"" + instanceId + "\"}");
  }

  void completed(String instanceId, String taskId, int attempt) {
    sendResult(
        instanceId,
        "{\"type\":\"TaskCompleted\",\"instanceId\":\""
            + instanceId
            + "\",\"taskId\":\""
            + taskId
            + "\",\"attempt\":"
            + attempt
            + "}");
  }

  void failed(String instanceId, String taskId, int attempt, String error) {
    sendResult(
        instanceId,
        "{\"type\":\"TaskFailed\",\"instanceId\":\""
            + instanceId
            + "\",\"taskId\":\""
            + taskId
            + "\",\"attempt\":"
            + attempt
            + ",\"error\":\""
            + error
            + "\"}");
  }

  static List<JsonNode> read(TestOutputTopic<String, String> topic) {
    List<JsonNode> out = new ArrayList<>();
    for (String value : topic.readValuesToList()) {
      out.add(parse(value));
    }
    return out;
  }

  static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }

  @Override
  public void close() {
    driver.close();
    try {
      Utils.delete(stateDir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
