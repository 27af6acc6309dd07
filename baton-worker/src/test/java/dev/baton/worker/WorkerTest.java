package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.TopicNames;
import dev.baton.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WorkerTest {

  private static final TopicNames TOPICS = TopicNames.DEFAULTS;
  private static final TopicPartition PARTITION = new TopicPartition(TOPICS.taskDispatch(), 0);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RecordingConsumer consumer = new RecordingConsumer();
  private MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final TaskRegistry registry = new TaskRegistry();
  private Worker worker;
  private long nextOffset;

  @AfterEach
  void closeWorker() {
    if (worker != null) {
      worker.close();
    }
  }

  private void start(int threads) {
    worker =
        Worker.builder()
            .topics(TOPICS)
            .registry(registry)
            .threads(threads)
            .shutdownGrace(Duration.ofSeconds(5))
            .clients(consumer, producer)
            .build();
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(PARTITION));
          consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        });
    worker.start();
    await().atMost(WAIT).until(() -> !consumer.assignment().isEmpty());
  }

  private long dispatch(String instanceId, String taskId, String name, int attempt) {
    return dispatch(
        instanceId,
        "{\"type\":\"TaskDispatched\",\"instanceId\":\""
            + instanceId
            + "\",\"workflowId\":\"wf\",\"taskId\":\""
            + taskId
            + "\",\"name\":\""
            + name
            + "\",\"attempt\":"
            + attempt
            + ",\"input\":{\"suite\":\"all\"},\"timeoutMs\":null,"
            + "\"dispatchedAt\":1764340000000}");
  }

  private long dispatch(String key, String json) {
    long offset = nextOffset++;
    consumer.addRecord(
        new ConsumerRecord<>(
            PARTITION.topic(),
            PARTITION.partition(),
            offset,
            key,
            json.getBytes(StandardCharsets.UTF_8)));
    return offset;
  }

  private List<ProducerRecord<String, byte[]>> awaitResults(int count) {
    await().atMost(WAIT).until(() -> producer.history().size() >= count);
    return producer.history();
  }

  private static String json(ProducerRecord<String, byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  private long committed() {
    return consumer.commits.getOrDefault(PARTITION, -1L);
  }

  /** Keeps the commits readable after the worker closed the consumer. */
  private static final class RecordingConsumer extends MockConsumer<String, byte[]> {

    final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();

    RecordingConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      super.commitSync(offsets);
      offsets.forEach((partition, offset) -> commits.put(partition, offset.offset()));
    }
  }

  @Test
  void shouldWriteTaskCompletedWithTheHandlersOutputKeyedByInstance() {
    // given
    registry.register("Build", task -> Json.MAPPER.createObjectNode().put("artifact", "app.jar"));
    start(2);
    // when
    dispatch("i-1", "build", "Build", 1);
    // then
    ProducerRecord<String, byte[]> result = awaitResults(1).get(0);
    assertThat(result.topic()).isEqualTo(TOPICS.taskResults());
    assertThat(result.key()).isEqualTo("i-1");
    assertThat(json(result))
        .isEqualTo(
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\","
                + "\"taskId\":\"build\",\"attempt\":1,\"output\":{\"artifact\":\"app.jar\"}}");
  }

  @Test
  void shouldGiveTheHandlerTheDispatchedAttempt() {
    // given
    AtomicReference<TaskContext> seen = new AtomicReference<>();
    registry.register(
        "Test",
        task -> {
          seen.set(task);
          return null;
        });
    start(1);
    // when
    dispatch("i-1", "test", "Test", 3);
    // then
    assertThat(json(awaitResults(1).get(0)))
        .isEqualTo(
            "{\"type\":\"TaskCompleted\","
                + "\"instanceId\":\"i-1\",\"taskId\":\"test\",\"attempt\":3}");
    TaskContext task = seen.get();
    assertThat(task.instanceId()).isEqualTo("i-1");
    assertThat(task.workflowId()).isEqualTo("wf");
    assertThat(task.taskId()).isEqualTo("test");
    assertThat(task.name()).isEqualTo("Test");
    assertThat(task.attempt()).isEqualTo(3);
    assertThat(task.input()).hasToString("{\"suite\":\"all\"}");
    assertThat(task.timeoutMs()).isNull();
    assertThat(task.dispatchedAt()).isEqualTo(1_764_340_000_000L);
  }

  @Test
  void shouldWriteARetryableTaskFailedWithTheExceptionMessage() {
    // given
    registry.register(
        "Test",
        task -> {
          throw new IllegalStateException("3 tests failed");
        });
    start(1);
    // when
    dispatch("i-1", "test", "Test", 2);
    // then
    assertThat(json(awaitResults(1).get(0)))
        .isEqualTo(
            "{\"type\":\"TaskFailed\","
                + "\"instanceId\":\"i-1\",\"taskId\":\"test\",\"attempt\":2,\"error\":\"3 tests failed\","
                + "\"retryable\":true}");
  }

  @Test
  void shouldWriteANonRetryableTaskFailedForANonRetryableException() {
    // given
    registry.register(
        "Deploy",
        task -> {
          throw new NonRetryableTaskException("target environment does not exist");
        });
    start(1);
    // when
    dispatch("i-1", "deploy", "Deploy", 1);
    // then
    assertThat(json(awaitResults(1).get(0)))
        .isEqualTo(
            "{\"type\":\"TaskFailed\","
                + "\"instanceId\":\"i-1\",\"taskId\":\"deploy\",\"attempt\":1,"
                + "\"error\":\"target environment does not exist\",\"retryable\":false}");
  }

  @Test
  void shouldFailWithoutRetryATaskNoHandlerRuns() throws Exception {
    // given
    registry.register("Build", task -> null);
    start(1);
    // when
    dispatch("i-1", "lint", "Lint", 1);
    // then
    ObjectNode result = (ObjectNode) Json.MAPPER.readTree(json(awaitResults(1).get(0)));
    assertThat(result.get("type").asText()).isEqualTo("TaskFailed");
    assertThat(result.get("retryable").asBoolean()).isFalse();
    assertThat(result.get("error").asText())
        .isEqualTo(
            "no handler for task name 'Lint' (task id 'lint') on this worker; it handles [Build]");
  }

  @Test
  void shouldFindAHandlerByNameFirstThenByTaskId() {
    // given
    registry.register("Build", task -> Json.MAPPER.createObjectNode().put("by", "name"));
    registry.register("build", task -> Json.MAPPER.createObjectNode().put("by", "id"));
    registry.register("test", task -> Json.MAPPER.createObjectNode().put("by", "id"));
    start(1);
    // when
    dispatch("i-1", "build", "Build", 1);
    dispatch("i-1", "test", "Run the tests", 1);
    // then
    List<ProducerRecord<String, byte[]>> results = awaitResults(2);
    assertThat(results)
        .extracting(WorkerTest::json)
        .containsExactly(
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"build\",\"attempt\":1,"
                + "\"output\":{\"by\":\"name\"}}",
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"test\",\"attempt\":1,"
                + "\"output\":{\"by\":\"id\"}}");
  }

  @Test
  void shouldSkipARecordThatIsNotADispatchAndCommitPastIt() {
    // given
    registry.register("Build", task -> null);
    start(1);
    // when
    dispatch("i-1", "not json at all");
    dispatch("i-1", "{\"type\":\"TaskDispatched\",\"instanceId\":\"i-1\"}");
    dispatch("i-1", "build", "Build", 1);
    // then
    assertThat(awaitResults(1)).hasSize(1);
    await().atMost(WAIT).until(() -> committed() == 3);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void shouldCommitAnOffsetOnlyOnceItsResultIsWritten() {
    // given
    producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    registry.register("Build", task -> null);
    start(1);
    // when
    dispatch("i-1", "build", "Build", 1);
    awaitResults(1);
    // then
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> committed() == -1);
    // when
    producer.completeNext();
    // then
    await().atMost(WAIT).until(() -> committed() == 1);
  }

  @Test
  void shouldRunOtherTasksWhileOneIsSlowAndCommitInOffsetOrder() throws InterruptedException {
    // given
    CountDownLatch release = new CountDownLatch(1);
    registry.register(
        "Slow",
        task -> {
          release.await();
          return null;
        });
    registry.register("Fast", task -> null);
    start(2);
    // when
    dispatch("i-1", "slow", "Slow", 1);
    dispatch("i-2", "fast", "Fast", 1);
    // then: the fast task finished, but offset 0 is still running
    assertThat(awaitResults(1)).extracting(ProducerRecord::key).containsExactly("i-2");
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> committed() == -1);
    // when
    release.countDown();
    // then
    await().atMost(WAIT).until(() -> committed() == 2);
    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("i-2", "i-1");
  }

  @Test
  void shouldPauseThePartitionsWhileEveryThreadIsBusy() {
    // given
    CountDownLatch release = new CountDownLatch(1);
    registry.register(
        "Slow",
        task -> {
          release.await();
          return null;
        });
    start(1);
    // when
    dispatch("i-1", "slow", "Slow", 1);
    // then
    await().atMost(WAIT).until(() -> consumer.paused().contains(PARTITION));
    // when
    release.countDown();
    // then
    await().atMost(WAIT).until(() -> consumer.paused().isEmpty());
    awaitResults(1);
  }

  @Test
  void shouldInterruptATaskPastItsTimeoutAndLeaveTheTimeoutToTheEngine() {
    // given
    AtomicBoolean interrupted = new AtomicBoolean();
    registry.register(
        "Hang",
        task -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          }
          return null;
        });
    registry.register("Build", task -> null);
    start(1);
    // when
    dispatch(
        "i-1",
        "{\"type\":\"TaskDispatched\",\"instanceId\":\"i-1\",\"taskId\":\"hang\","
            + "\"name\":\"Hang\",\"attempt\":1,\"timeoutMs\":200}");
    dispatch("i-2", "build", "Build", 1);
    // then: the thread is free again, and the timed-out attempt got no result
    assertThat(awaitResults(1)).extracting(ProducerRecord::key).containsExactly("i-2");
    assertThat(interrupted).isTrue();
    await().atMost(WAIT).until(() -> committed() == 2);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void shouldLetARunningTaskFinishWhenClosed() throws InterruptedException {
    // given
    CountDownLatch running = new CountDownLatch(1);
    registry.register(
        "Slow",
        task -> {
          running.countDown();
          Thread.sleep(300);
          return null;
        });
    start(1);
    dispatch("i-1", "slow", "Slow", 1);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    // when
    worker.close();
    // then
    assertThat(producer.history()).hasSize(1);
    assertThat(committed()).isEqualTo(1);
    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void shouldCloseItsClientsWhenClosedBeforeItStarted() {
    // given
    worker = Worker.builder().topics(TOPICS).registry(registry).clients(consumer, producer).build();
    // when
    worker.close();
    worker.close();
    // then
    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void shouldStopWhenAResultCannotBeWritten() throws InterruptedException {
    // given
    producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    registry.register("Build", task -> null);
    start(1);
    // when
    dispatch("i-1", "build", "Build", 1);
    awaitResults(1);
    producer.errorNext(new org.apache.kafka.common.errors.AuthorizationException("denied"));
    // then
    assertThat(worker.awaitTermination(WAIT)).isTrue();
    assertThat(worker.failure())
        .get()
        .isInstanceOf(WorkerException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("Cannot write the result of task build of i-1 (attempt 1)")
        .contains("denied");
    assertThat(committed()).isEqualTo(-1);
  }
}
