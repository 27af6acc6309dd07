package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.EngineConfig;
import dev.baton.protocol.TopicNames;
import dev.baton.topology.BatonTopology;
import dev.baton.topology.TimerSettings;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine processor tells the meters what it did: the real topology under a TopologyTestDriver,
 * with {@link BatonMeters} as its listener, as the server builds it.
 */
class BatonMetersTopologyTest {

  private static final TopicNames TOPICS = TopicNames.DEFAULTS;

  private final BatonMeters meters = new BatonMeters();
  private Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> commands;
  private TestInputTopic<String, byte[]> results;
  private long now = 1_764_340_000_000L;

  @BeforeEach
  void open() throws IOException {
    stateDir = Files.createTempDirectory("baton-meters-ttd");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baton-meters-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            BatonTopology.build(
                TOPICS,
                EngineConfig.DEFAULTS,
                BatonTopology.DEFAULT_MAX_RECORD_BYTES,
                TimerSettings.DEFAULTS,
                null,
                new BatonTopology.Options(true, false, BatonTopology.Options.DEFAULT_WINDOW_MS),
                meters),
            props,
            Instant.ofEpochMilli(now));
    commands =
        driver.createInputTopic(
            TOPICS.commands(), new StringSerializer(), new ByteArraySerializer());
    results =
        driver.createInputTopic(
            TOPICS.taskResults(), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void close() throws IOException {
    driver.close();
    meters.close();
    Utils.delete(stateDir.toFile());
  }

  private void command(String key, String json) {
    commands.pipeInput(
        new TestRecord<>(key, json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(now)));
  }

  private void result(String key, String json) {
    results.pipeInput(
        new TestRecord<>(key, json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(now)));
  }

  private void create(String id, String tasks, String extra) {
    command(
        id,
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\""
            + id
            + "\",\"start\":true"
            + extra
            + ",\"definition\":{\"id\":\"wf\",\"maxRetries\":0,\"tasks\":["
            + tasks
            + "]}}");
  }

  private double count(String name, String tag, String value) {
    return meters.registry().get(name).tag(tag, value).counter().count();
  }

  @Test
  void shouldCountWhatTheProcessorDid() {
    // given / when: one completes, one fails, one is cancelled
    create("ok", "{\"id\":\"a\"},{\"id\":\"b\",\"dependencies\":[\"a\"]}", "");
    result(
        "ok", "{\"type\":\"TaskCompleted\",\"instanceId\":\"ok\",\"taskId\":\"a\",\"attempt\":1}");
    result(
        "ok", "{\"type\":\"TaskCompleted\",\"instanceId\":\"ok\",\"taskId\":\"b\",\"attempt\":1}");
    create("bad", "{\"id\":\"t\"}", "");
    result(
        "bad",
        "{\"type\":\"TaskFailed\",\"instanceId\":\"bad\",\"taskId\":\"t\",\"attempt\":1,"
            + "\"error\":\"boom\"}");
    create("gone", "{\"id\":\"t\"}", "");
    command("gone", "{\"type\":\"CancelWorkflow\",\"instanceId\":\"gone\",\"reason\":\"no\"}");
    // a rejection, a duplicate, two dead letters
    command("ghost", "{\"type\":\"StartWorkflow\",\"instanceId\":\"ghost\"}");
    create("dup", "{\"id\":\"t\"}", ",\"commandId\":\"c-1\"");
    create("dup", "{\"id\":\"t\"}", ",\"commandId\":\"c-1\"");
    command("junk", "not json");
    command("odd", "{\"type\":\"Nonsense\",\"instanceId\":\"odd\"}");
    // then
    assertThat(count("baton.inputs", "type", "CreateWorkflow")).isEqualTo(5.0);
    assertThat(count("baton.inputs", "type", "TaskCompleted")).isEqualTo(2.0);
    assertThat(count("baton.inputs", "type", "TaskFailed")).isEqualTo(1.0);
    assertThat(count("baton.inputs", "type", "CancelWorkflow")).isEqualTo(1.0);
    assertThat(count("baton.inputs", "type", "StartWorkflow")).isEqualTo(1.0);
    assertThat(count("baton.rejections", "reason", "UNKNOWN_INSTANCE")).isEqualTo(1.0);
    assertThat(meters.registry().get("baton.duplicates.ignored").counter().count()).isEqualTo(1);
    assertThat(count("baton.dead.letters", "reason", "MALFORMED_JSON")).isEqualTo(1.0);
    assertThat(count("baton.dead.letters", "reason", "UNKNOWN_TYPE")).isEqualTo(1.0);
    // ok: a, b; bad: t; gone: t; dup: t (once)
    assertThat(meters.registry().get("baton.dispatches").counter().count()).isEqualTo(5.0);
    assertThat(count("baton.workflows.ended", "status", "COMPLETED")).isEqualTo(1.0);
    assertThat(count("baton.workflows.ended", "status", "FAILED")).isEqualTo(1.0);
    assertThat(count("baton.workflows.ended", "status", "CANCELLED")).isEqualTo(1.0);
  }

  @Test
  void shouldMeasureHowLongAfterItsDueTimeATimerFired() {
    // given: an attempt that times out after 500 ms
    create("slow", "{\"id\":\"t\",\"timeoutMs\":500}", "");
    // when: the wall clock passes the due time by 300 ms before the next check
    driver.advanceWallClockTime(Duration.ofMillis(800));
    // then
    assertThat(count("baton.timers.fired", "kind", "TASK_TIMEOUT")).isEqualTo(1.0);
    assertThat(count("baton.workflows.ended", "status", "FAILED")).isEqualTo(1.0);
    Timer lag = meters.registry().get("baton.timer.lag").tag("kind", "TASK_TIMEOUT").timer();
    assertThat(lag.count()).isEqualTo(1);
    assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300.0);
  }
}
