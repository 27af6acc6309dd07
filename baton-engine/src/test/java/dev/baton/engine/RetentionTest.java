package dev.baton.engine;

import static dev.baton.engine.EngineFixture.rejection;
import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.state.InstanceState;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.TaskCompleted;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.RetryWorkflow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention of finished instances, and the task outputs kept with their tasks. */
class RetentionTest {

  private static final long RETENTION = 60_000;

  private final EngineFixture f =
      new EngineFixture(EngineConfig.DEFAULTS.withRetentionFinishedMs(RETENTION));

  @Test
  void shouldDeleteEverythingOfAFinishedInstanceWhenItsRetentionEnds() {
    // given a finished instance beside one still running
    f.createAndStart("done", workflow(task("a", 1), task("b", 1, "a")));
    f.createAndStart("live", workflow(task("a", 1)));
    f.send(new dev.baton.protocol.input.StartWorkflow("done", "c-1"));
    f.complete("done", "a", 1);
    f.complete("done", "b", 1);
    long entriesOfLive =
        f.entries.contents().keySet().stream().filter(k -> k.startsWith("live/")).count();

    // when the retention has not quite passed, nothing goes
    f.now += RETENTION - 1;
    f.fireTimers();
    assertThat(f.queries().instance("done")).isPresent();
    f.now += 1;
    ProcessingResult deleted = f.fireTimers();

    // then nothing of it is left in either store, and nothing of the other one went
    assertThat(f.results).extracting(ProcessingResult::deletedInstanceId).contains("done");
    assertThat(deleted.events()).isEmpty();
    assertThat(f.instances.contents()).containsOnlyKeys("live");
    assertThat(f.entries.contents().keySet())
        .allSatisfy(key -> assertThat(key).doesNotContain("done"));
    assertThat(f.entries.contents().keySet().stream().filter(k -> k.startsWith("live/")).count())
        .isEqualTo(entriesOfLive);
    assertThat(f.queries().instance("done")).isEmpty();
    // and the id is unknown again: a command is UNKNOWN_INSTANCE, a create makes a new instance
    assertThat(rejection(f.start("done")).reason()).isEqualTo(RejectionReason.UNKNOWN_INSTANCE);
    f.create("done", workflow(task("x", 1)));
    assertThat(f.instance("done").seq).isEqualTo(1);
  }

  @Test
  void shouldNotDeleteAFailedInstanceThatWasRetried() {
    f.createAndStart("i", workflow(task("a", 1)));
    f.failForGood("i", "a", 1, "no");
    f.now += RETENTION / 2;
    f.send(new RetryWorkflow("i", null));

    f.now += RETENTION * 10;
    f.fireTimers();

    assertThat(f.queries().status("i")).contains(WorkflowStatus.RUNNING);
    // and once it finishes again, its retention counts from that end
    f.complete("i", "a", 2);
    f.now += RETENTION - 1;
    f.fireTimers();
    assertThat(f.queries().instance("i")).isPresent();
    f.now += 1;
    f.fireTimers();
    assertThat(f.queries().instance("i")).isEmpty();
  }

  @Test
  void shouldKeepFinishedInstancesForeverWithRetentionZero() {
    EngineFixture forever = new EngineFixture(EngineConfig.DEFAULTS.withRetentionFinishedMs(0));
    forever.createAndStart("i", workflow(task("a", 1)));
    forever.cancel("i", "stop");

    forever.now += 365L * 24 * 3600 * 1000;
    forever.fireTimers();

    assertThat(forever.queries().instance("i")).isPresent();
  }

  @Test
  void shouldDeleteA10000TaskInstanceInOneUnitOfWork() {
    List<dev.baton.protocol.definition.TaskDefinition> tasks = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      tasks.add(task("t" + i, 1));
    }
    f.createAndStart(
        "big", workflow(tasks.toArray(dev.baton.protocol.definition.TaskDefinition[]::new)));
    f.cancel("big", "enough");

    f.now += RETENTION;
    f.fireTimers();

    assertThat(f.instances.contents()).isEmpty();
    assertThat(f.entries.contents().keySet())
        .allSatisfy(key -> assertThat(key).startsWith("!timer"));
  }

  @Test
  void shouldListInstancesNewestFirstByStatusAndDefinition() {
    for (int i = 0; i < 5; i++) {
      f.now += 10;
      f.create("i" + i, workflow(task("a", 1)));
    }
    f.start("i1");
    f.start("i3");

    List<String> all =
        f.queries().list(null, null, null, 10).stream().map(s -> s.instanceId).toList();
    List<String> running =
        f.queries().list(WorkflowStatus.RUNNING, "wf", null, 10).stream()
            .map(s -> s.instanceId)
            .toList();
    List<InstanceState> firstTwo = f.queries().list(null, null, null, 2);
    List<String> nextTwo =
        f
            .queries()
            .list(null, null, dev.baton.engine.state.ListPosition.of(firstTwo.get(1)), 2)
            .stream()
            .map(s -> s.instanceId)
            .toList();

    assertThat(all).containsExactly("i4", "i3", "i2", "i1", "i0");
    assertThat(running).containsExactly("i3", "i1");
    assertThat(nextTwo).containsExactly("i2", "i1");
    assertThat(f.queries().list(WorkflowStatus.RUNNING, "other", null, 10)).isEmpty();
  }

  @Test
  void shouldPageTheTasksOfA10000TaskWorkflowInExecutionOrder() {
    List<dev.baton.protocol.definition.TaskDefinition> tasks = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      // a chain in reverse definition order: execution order is not definition order
      tasks.add(i == 0 ? task("t0", 1) : task("t" + i, 1, "t" + (i - 1)));
    }
    java.util.Collections.reverse(tasks);
    f.createAndStart(
        "big", workflow(tasks.toArray(dev.baton.protocol.definition.TaskDefinition[]::new)));

    List<String> seen = new ArrayList<>();
    int pages = 0;
    Integer from = 0;
    while (from != null) {
      WorkflowQueries.TaskPage page = f.queries().taskPage("big", from, 1000, java.util.Set.of());
      page.tasks().forEach(t -> seen.add(t.taskId));
      from = page.next();
      pages++;
    }
    WorkflowQueries.TaskPage running =
        f.queries().taskPage("big", 0, 10, java.util.Set.of(dev.baton.protocol.TaskStatus.RUNNING));

    assertThat(pages).isEqualTo(10);
    assertThat(seen).hasSize(10_000).startsWith("t0", "t1", "t2").endsWith("t9999");
    assertThat(running.tasks()).extracting(t -> t.taskId).containsExactly("t0");
  }

  @Test
  void shouldKeepATaskOutputAndReplaceATooLargeOneByItsSize() {
    EngineFixture capped = new EngineFixture(EngineConfig.DEFAULTS.withMaxTaskOutputBytes(32));
    capped.createAndStart("i", workflow(task("small", 1), task("large", 1)));

    ProcessingResult small =
        capped.send(new CompleteTask("i", "small", 1, "{\"artifact\":\"app.jar\"}"));
    capped.send(new CompleteTask("i", "large", 1, "{\"log\":\"" + "x".repeat(100) + "\"}"));

    assertThat(((TaskCompleted) small.events().get(0).event()).outputJson())
        .isEqualTo("{\"artifact\":\"app.jar\"}");
    assertThat(capped.task("i", "small").outputJson).isEqualTo("{\"artifact\":\"app.jar\"}");
    assertThat(capped.task("i", "large").outputJson)
        .isEqualTo("{\"truncated\":true,\"bytes\":110}");
  }
}
