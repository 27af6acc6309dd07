package dev.baton.topology;

import static dev.baton.topology.TopologyFixture.definition;
import static dev.baton.topology.TopologyFixture.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DefinitionMetrics: windows over every instance of a definition, on the real topology. */
class DefinitionMetricsTopologyTest {

  private static final long WINDOW = BatonTopology.Options.DEFAULT_WINDOW_MS;

  private final TopologyFixture f = new TopologyFixture();

  @BeforeEach
  void atAWindowStart() {
    // both clocks to the start of the next window, so a test's events fall in one window
    long start = f.now - Math.floorMod(f.now, WINDOW) + WINDOW;
    f.now = start;
    f.sendCommand("warm", "{\"type\":\"StartWorkflow\",\"instanceId\":\"warm\"}");
    f.metrics.readRecordsToList();
  }

  @AfterEach
  void close() {
    f.close();
  }

  /** Moves the wall clock in steps, as time passes on a server: punctuations at each. */
  private void advance(long ms) {
    for (long done = 0; done < ms; done += 250) {
      f.advanceWallClock(Math.min(250, ms - done));
    }
  }

  private List<JsonNode> definitionRecords() {
    List<JsonNode> out = new ArrayList<>();
    for (TestRecord<String, String> r : f.metrics.readRecordsToList()) {
      if (r.key().startsWith("definition:")) {
        JsonNode json = TopologyFixture.parse(r.value());
        assertThat(r.key()).isEqualTo("definition:" + json.get("workflowId").asText());
        out.add(json);
      }
    }
    return out;
  }

  private static JsonNode last(List<JsonNode> records, String workflowId) {
    JsonNode found = null;
    for (JsonNode r : records) {
      if (r.get("workflowId").asText().equals(workflowId)) {
        found = r;
      }
    }
    return found;
  }

  @Test
  void shouldCountAWindowAndGiveItsPercentilesWithinOnePercent() {
    // given 100 instances of "timed" started together, completing 100 ms, 200 ms, ... 10 s later,
    // and of "other" 3 started, one failed after a task failure, one cancelled, one left running
    long windowStart = f.now;
    for (int i = 1; i <= 100; i++) {
      f.create("t-" + i, definition("timed", "GROUPS", task("a", 10)), true);
    }
    f.create("o-1", "{\"id\":\"other\",\"tasks\":[{\"id\":\"x\"}]}", true);
    f.create("o-2", "{\"id\":\"other\",\"tasks\":[{\"id\":\"x\"}]}", true);
    f.create("o-3", "{\"id\":\"other\",\"tasks\":[{\"id\":\"x\"}]}", true);
    f.create("o-4", "{\"id\":\"other\",\"tasks\":[{\"id\":\"x\"}]}", false);
    long created = f.now;
    for (int i = 1; i <= 100; i++) {
      f.now = created + 100L * i;
      f.completed("t-" + i, "a", 1);
    }
    f.failed("o-1", "x", 1, "boom");
    f.command("CancelWorkflow", "o-2");
    f.command("CancelWorkflow", "o-4"); // never started: not running before, not after

    // when the window closes (time passing in steps: the engine sends its facts every 200 ms)
    advance(WINDOW + DefinitionMetricsProcessor.CLOSE_GRACE_MS + 1_000);
    List<JsonNode> records = definitionRecords();

    // then: counts by hand, percentiles within 1% of the nearest-rank values (5000, 9500)
    JsonNode timed = last(records, "timed");
    assertThat(timed.get("windowStart").asLong()).isEqualTo(windowStart);
    assertThat(timed.get("windowEnd").asLong()).isEqualTo(windowStart + WINDOW);
    assertThat(timed.get("started").asLong()).isEqualTo(100);
    assertThat(timed.get("completed").asLong()).isEqualTo(100);
    assertThat(timed.get("failed").asLong()).isZero();
    assertThat(timed.get("running").asLong()).isZero();
    assertThat(timed.get("taskAttempts").asLong()).isEqualTo(100);
    assertThat(timed.get("workflowDurationMsP50").asDouble()).isCloseTo(5_000, within(50.0));
    assertThat(timed.get("workflowDurationMsP95").asDouble()).isCloseTo(9_500, within(95.0));
    JsonNode other = last(records, "other");
    assertThat(other.get("started").asLong()).isEqualTo(3);
    assertThat(other.get("failed").asLong()).isEqualTo(1);
    assertThat(other.get("cancelled").asLong()).isEqualTo(2);
    assertThat(other.get("running").asLong()).isEqualTo(1);
    assertThat(other.get("taskAttempts").asLong()).isEqualTo(3);
    assertThat(other.get("taskFailures").asLong()).isEqualTo(1);
    assertThat(other.get("workflowDurationMsP50").isNull()).isTrue();
    assertThat(other.get("workflowDurationMsP95").isNull()).isTrue();
  }

  private List<DefinitionFact> facts(TestOutputTopic<String, byte[]> topic) {
    List<DefinitionFact> out = new ArrayList<>();
    for (TestRecord<String, byte[]> r : topic.readRecordsToList()) {
      DefinitionFact fact = DefinitionFact.decode(r.value());
      assertThat(r.key()).isEqualTo(fact.workflowId());
      out.add(fact);
    }
    return out;
  }

  @Test
  void shouldSendTheFactsOfManyInputsAsOneRecordPerDefinitionAndWindow() {
    TestOutputTopic<String, byte[]> topic =
        f.driver.createOutputTopic(
            BatonTopology.definitionFactsTopic(TopologyFixture.TOPICS),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    // given 40 instances of one definition created, started and completed between two sends,
    // and 300 more completed without the wall clock moving: more durations than a sum holds
    for (int i = 1; i <= 40; i++) {
      f.create("s-" + i, definition("summed", "GROUPS", task("a", 10)), true);
    }
    f.create("x-1", definition("another", "GROUPS", task("a", 10)), true);
    for (int i = 1; i <= 40; i++) {
      f.completed("s-" + i, "a", 1);
    }
    assertThat(facts(topic)).isEmpty();

    // when the next send is due: one record per definition, the sums of every input
    advance(PendingFacts.SEND_EVERY_MS);
    List<DefinitionFact> sent = facts(topic);
    assertThat(sent).extracting(DefinitionFact::workflowId).containsExactly("another", "summed");
    DefinitionFact summed = sent.get(1);
    assertThat(summed.started()).isEqualTo(40);
    assertThat(summed.completed()).isEqualTo(40);
    assertThat(summed.runningDelta()).isZero();
    assertThat(summed.taskAttempts()).isEqualTo(40);
    assertThat(summed.durationsMs()).hasSize(40);
    assertThat(sent.get(0).started()).isEqualTo(1);
    assertThat(sent.get(0).runningDelta()).isEqualTo(1);

    // and a sum that reaches its durations' limit is sent at once, after every sum still waiting
    // (here another definition's), the rest at the next send
    f.create("x-2", definition("another", "GROUPS", task("a", 10)), true);
    int many = PendingFacts.MAX_DURATIONS + 44;
    for (int i = 1; i <= many; i++) {
      f.create("m-" + i, definition("summed", "GROUPS", task("a", 10)), true);
      f.completed("m-" + i, "a", 1);
    }
    List<DefinitionFact> atOnce = facts(topic);
    assertThat(atOnce).extracting(DefinitionFact::workflowId).containsExactly("another", "summed");
    assertThat(atOnce.get(1).durationsMs()).hasSize(PendingFacts.MAX_DURATIONS);
    advance(PendingFacts.SEND_EVERY_MS);
    List<DefinitionFact> rest = facts(topic);
    assertThat(rest).hasSize(1);
    assertThat(rest.get(0).durationsMs()).hasSize(44);
    assertThat(atOnce.get(1).started() + rest.get(0).started()).isEqualTo(many);
  }

  @Test
  void shouldEmitEveryTenSecondsWhileAWindowChangesOnceWhenItClosesAndNothingWhenIdle() {
    // given a change at the window's start
    f.create("c-1", definition("cadence", "GROUPS", task("a", 10)), true);
    advance(1_000);
    assertThat(definitionRecords()).hasSize(1);

    // when it changes again 2 s later: nothing until 10 s after the last record
    f.now += 2_000;
    f.completed("c-1", "a", 1);
    advance(6_000);
    assertThat(definitionRecords()).isEmpty();
    advance(3_000);
    List<JsonNode> second = definitionRecords();
    assertThat(second).hasSize(1);
    assertThat(second.get(0).get("completed").asLong()).isEqualTo(1);

    // and with no change, nothing more until it closes, then exactly one record
    advance(30_000);
    assertThat(definitionRecords()).isEmpty();
    advance(WINDOW);
    List<JsonNode> closing = definitionRecords();
    assertThat(closing).hasSize(1);
    assertThat(closing.get(0).get("completed").asLong()).isEqualTo(1);
    advance(5 * WINDOW);
    assertThat(definitionRecords()).isEmpty();
  }

  @Test
  void shouldKeepTheRunningGaugeRightAcrossRetriesCancelsTimeoutsAndRetention() {
    f.create("g-1", "{\"id\":\"gauge\",\"tasks\":[{\"id\":\"x\",\"timeoutMs\":1000}]}", true);
    f.create("g-2", "{\"id\":\"gauge\",\"tasks\":[{\"id\":\"x\"}]}", true);
    f.command("PauseWorkflow", "g-2");
    advance(1_500); // g-1 times out: FAILED
    f.now += 1_500;
    f.sendCommand("g-1", "{\"type\":\"RetryWorkflow\",\"instanceId\":\"g-1\"}"); // running again
    f.command("CancelWorkflow", "g-2"); // paused counts as running until cancelled
    f.completed("g-1", "x", 2);
    f.create("g-3", "{\"id\":\"gauge\",\"tasks\":[{\"id\":\"x\"}]}", true);

    advance(12_000);
    JsonNode gauge = last(definitionRecords(), "gauge");

    // g-1 ran, failed, ran again and completed; g-2 ran, paused and was cancelled; g-3 runs
    assertThat(gauge.get("running").asLong()).isEqualTo(1);
    assertThat(gauge.get("started").asLong()).isEqualTo(3);
    assertThat(gauge.get("failed").asLong()).isEqualTo(1);
    assertThat(gauge.get("completed").asLong()).isEqualTo(1);
    assertThat(gauge.get("cancelled").asLong()).isEqualTo(1);
    assertThat(gauge.get("taskFailures").asLong()).isEqualTo(1);
    assertThat(gauge.get("taskAttempts").asLong()).isEqualTo(4);
  }
}
