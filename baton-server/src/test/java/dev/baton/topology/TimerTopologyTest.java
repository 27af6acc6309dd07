package dev.baton.topology;

import static dev.baton.topology.TopologyFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timers through the topology: due by the wall clock, fired when the tick the server writes to the
 * task's results partition is read back, and, for one instance, before each of its inputs.
 */
class TimerTopologyTest {

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static final String TIMED =
      "{\"id\":\"wf\",\"maxRetries\":1,\"tasks\":[{\"id\":\"t\"," + "\"timeoutMs\":500}]}";

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asText()).toList();
  }

  @Test
  void shouldTimeOutAnAttemptOnWallClockTimeWithNoInputArriving() {
    // given
    f.create("i-1", TIMED, true);
    read(f.status);
    read(f.dispatch);
    // when
    f.advanceWallClock(400);
    List<JsonNode> early = read(f.status);
    f.advanceWallClock(200);
    // then
    assertThat(early).isEmpty();
    List<JsonNode> events = read(f.status);
    assertThat(types(events)).containsExactly("TaskTimedOut", "TaskDispatched");
    JsonNode timedOut = events.get(0);
    assertThat(timedOut.get("error").asText()).isEqualTo("timed out after 500 ms");
    assertThat(timedOut.get("willRetry").asBoolean()).isTrue();
    assertThat(timedOut.get("retryAt").asLong()).isEqualTo(timedOut.get("timestamp").asLong());
    assertThat(timedOut.get("seq").asLong()).isEqualTo(4);
    assertThat(read(f.dispatch)).extracting(d -> d.get("attempt").asInt()).containsExactly(2);
    assertThat(read(f.metrics)).isNotEmpty();
  }

  @Test
  void shouldDispatchABackloggedCreateAtProcessingTimeNotAlreadyOverdue() {
    // given a CreateWorkflow written 10 s before the server gets to it, with a 3 s task timeout
    long processedAt = f.now;
    f.now -= 10_000;

    // when
    f.create("i-1", "{\"id\":\"wf\",\"tasks\":[{\"id\":\"t\",\"timeoutMs\":3000}]}", true);

    // then attempt 1 counts from when it was written, and has its 3 s
    assertThat(types(read(f.status)))
        .containsExactly("WorkflowCreated", "WorkflowStarted", "TaskDispatched");
    assertThat(read(f.dispatch))
        .extracting(d -> d.get("dispatchedAt").asLong())
        .containsExactly(processedAt);
    f.advanceWallClock(2_900);
    assertThat(read(f.status)).isEmpty();
    f.advanceWallClock(200);
    assertThat(types(read(f.status))).containsExactly("TaskTimedOut", "WorkflowFailed");
  }

  @Test
  void shouldNotLetATickFromAClockAheadFireTimersEarly() {
    // given attempt 1 with a 500 ms timeout
    f.create("i-1", TIMED, true);
    read(f.status);

    // when a tick stamped an hour ahead arrives
    f.results.pipeInput(
        new org.apache.kafka.streams.test.TestRecord<>(
            TimerTick.KEY,
            TimerTick.forPartition(0, 0).value(),
            TimerTick.forPartition(0, 0).headers(),
            java.time.Instant.ofEpochMilli(f.now + 3_600_000)));

    // then nothing fires before it is due here, and then it does
    assertThat(read(f.status)).isEmpty();
    f.advanceWallClock(600);
    assertThat(types(read(f.status))).containsExactly("TaskTimedOut", "TaskDispatched");
  }

  @Test
  void shouldFireDueTimersBeforeARecordThatMovesStreamTimePastThem() {
    // given
    f.create("i-1", TIMED, true);
    read(f.status);
    // when: a later result for attempt 1 arrives, with no wall-clock punctuation in between
    f.now += 800;
    f.completed("i-1", "t", 1);
    // then: the timeout came first, so the late result is stale
    List<JsonNode> events = read(f.status);
    assertThat(types(events)).containsExactly("TaskTimedOut", "TaskDispatched", "CommandRejected");
    assertThat(events.get(2).get("reason").asText()).isEqualTo("STALE_ATTEMPT");
    assertThat(events).extracting(e -> e.get("seq").asLong()).containsExactly(4L, 5L, 6L);
  }

  @Test
  void shouldWaitOutABackoffAndTellWhenTheRetryComes() {
    // given
    f.create(
        "i-1",
        "{\"id\":\"wf\",\"maxRetries\":2,\"tasks\":[{\"id\":\"t\",\"retryBackoff\":"
            + "{\"initialMs\":1000,\"multiplier\":3}}]}",
        true);
    read(f.dispatch);
    long failedAt = f.now;
    // when
    f.failed("i-1", "t", 1, "flaky");
    // then
    JsonNode failed =
        read(f.status).stream()
            .filter(e -> e.get("type").asText().equals("TaskFailed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.get("willRetry").asBoolean()).isTrue();
    assertThat(failed.get("retryAt").asLong()).isEqualTo(failedAt + 1_000);
    f.advanceWallClock(900);
    assertThat(read(f.dispatch)).isEmpty();
    f.advanceWallClock(200);
    assertThat(read(f.dispatch)).extracting(d -> d.get("attempt").asInt()).containsExactly(2);
  }

  @Test
  void shouldFailAWorkflowThatRunsOutOfTimeWithAReasonThatSaysSo() {
    // given
    f.create("i-1", "{\"id\":\"wf\",\"timeoutMs\":2000,\"tasks\":[{\"id\":\"slow\"}]}", true);
    read(f.status);
    // when
    f.advanceWallClock(2_100);
    // then
    List<JsonNode> events = read(f.status);
    assertThat(types(events)).containsExactly("TaskCancelled", "WorkflowFailed");
    assertThat(events.get(1).get("error").asText()).isEqualTo("workflow timed out after 2000 ms");
    assertThat(events.get(1).get("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void shouldNotCountPausedTimeAgainstTheWorkflowTimeout() {
    // given
    f.create("i-1", "{\"id\":\"wf\",\"timeoutMs\":2000,\"tasks\":[{\"id\":\"slow\"}]}", true);
    f.advanceWallClock(500);
    f.now += 500;
    f.command("PauseWorkflow", "i-1");
    read(f.status);
    // when
    f.advanceWallClock(10_000);
    List<JsonNode> whilePaused = read(f.status);
    f.now += 10_000;
    f.command("ResumeWorkflow", "i-1");
    f.advanceWallClock(1_400);
    List<JsonNode> beforeTheRest = read(f.status);
    f.advanceWallClock(200);
    // then
    assertThat(whilePaused).isEmpty();
    assertThat(types(beforeTheRest)).containsExactly("WorkflowResumed");
    assertThat(types(read(f.status))).containsExactly("TaskCancelled", "WorkflowFailed");
  }
}
