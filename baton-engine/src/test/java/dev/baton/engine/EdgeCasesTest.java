package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.state.IndexHead;
import dev.baton.engine.state.InlineTask;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.TimerEntry;
import dev.baton.engine.state.TimerKind;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.RetryBackoff;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.TaskFailed;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.input.RetryWorkflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large but valid numbers (they saturate, never wrap), and a randomised check that the index heads,
 * counters, timers and seq stay consistent with the stored state under mixed traffic.
 */
class EdgeCasesTest {

  private final EngineFixture f = new EngineFixture();

  // ---------------------------------------------------------------------------------------------
  // Large but valid numbers
  // ---------------------------------------------------------------------------------------------

  @Test
  void shouldRetryATaskWhoseMaxRetriesIsIntegerMaxValue() {
    // given: "retry (practically) forever"
    f.create("i-1", workflow(Integer.MAX_VALUE, null, task("a", 1)));
    f.start("i-1");

    // when
    ProcessingResult result = f.fail("i-1", "a", 1, "flaky");

    // then
    assertThat(EngineFixture.types(result))
        .containsExactly(EventType.TaskFailed, EventType.TaskDispatched);
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.RUNNING);
  }

  @Test
  void shouldNotTimeOutAtOnceAnAttemptOrAWorkflowWithAVeryLargeTimeout() {
    // given
    f.createAndStart("i-1", workflow(0, null, timed("t", Long.MAX_VALUE)));
    f.createAndStart("i-2", workflow(0, Long.MAX_VALUE, task("t", 1)));

    // when
    f.now += 1;
    ProcessingResult fired = f.fireTimers();

    // then
    assertThat(fired.events()).isEmpty();
    assertThat(f.queries().status("i-1")).contains(WorkflowStatus.RUNNING);
    assertThat(f.queries().status("i-2")).contains(WorkflowStatus.RUNNING);
  }

  @Test
  void shouldNotDispatchARetryAtOnceWhenItsBackoffSaturates() {
    // given: initialMs 1000, multiplier 1e16: the second wait is past Long.MAX_VALUE ms
    f.createAndStart(
        "i-1",
        workflow(
            5,
            null,
            new TaskDefinition(
                "t",
                "t",
                100,
                List.of(),
                List.of(),
                0,
                null,
                null,
                new RetryBackoff(1_000, 1e16, null),
                null)));
    f.fail("i-1", "t", 1, "flaky");
    f.now += 1_000;
    f.fireTimers();
    assertThat(f.task("i-1", "t").attempt).isEqualTo(2);

    // when
    ProcessingResult result = f.fail("i-1", "t", 2, "flaky again");

    // then: the retry waits (practically) forever, it is not dispatched now
    TaskFailed failed = (TaskFailed) result.events().get(0).event();
    assertThat(failed.willRetry()).isTrue();
    assertThat(failed.retryAt()).isGreaterThan(f.now);
    assertThat(result.dispatches()).isEmpty();
  }

  @Test
  void shouldNotPlanANegativeTotalTimeForLargeEstimates() {
    // given: two chained tasks whose estimates add up past Long.MAX_VALUE
    f.create("i-1", workflow(0, null, task("a", Long.MAX_VALUE), task("b", Long.MAX_VALUE, "a")));

    // then: rejected as invalid, or planned with a non-negative estimate
    f.queries()
        .plan("i-1")
        .ifPresent(plan -> assertThat(plan.estimatedTotalTimeMs()).isNotNegative());
  }

  private static TaskDefinition task(String id, long estimateMs, String... dependencies) {
    return TaskDefinition.of(id, estimateMs, dependencies);
  }

  private static TaskDefinition timed(String id, long timeoutMs) {
    return new TaskDefinition(id, id, 100, List.of(), List.of(), 0, null, timeoutMs, null, null);
  }

  private static WorkflowDefinition workflow(
      int maxRetries, Long timeoutMs, TaskDefinition... tasks) {
    return new WorkflowDefinition(
        "wf", "wf", null, List.of(tasks), maxRetries, timeoutMs, true, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Randomised state consistency: index heads, counters, timers and seq after every step.
  // ---------------------------------------------------------------------------------------------

  /** Steps at which a checked instance had its frontier in the header, and in the indexes. */
  private int inlineSeen;

  private int indexedSeen;

  @Test
  void shouldKeepIndexHeadsCountersTimersAndSeqConsistentUnderRandomTraffic() {
    inlineSeen = 0;
    indexedSeen = 0;
    for (int seed = 0; seed < 300; seed++) {
      EngineFixture fx = new EngineFixture();
      Random random = new Random(seed);
      List<String> ids = new ArrayList<>();
      int instances = 1 + random.nextInt(3);
      for (int i = 0; i < instances; i++) {
        String id = "i-" + i;
        ids.add(id);
        fx.create(id, randomWorkflow(random));
        fx.start(id);
      }
      for (int step = 0; step < 200; step++) {
        String id = ids.get(random.nextInt(ids.size()));
        randomStep(fx, random, id);
        for (String each : ids) {
          checkConsistent(fx, each, "seed " + seed + " step " + step);
          InstanceState instance = fx.instance(each);
          if (!instance.frontier.isEmpty()) {
            inlineSeen++;
          } else if (instance.tailHead.count > 0) {
            indexedSeen++;
          }
        }
      }
    }
    // the traffic kept frontiers in the header, and moved large ones to the indexes
    assertThat(inlineSeen).isGreaterThan(1_000);
    assertThat(indexedSeen).isGreaterThan(1_000);
  }

  /**
   * Decoded headers kept between inputs (the processor's setting) change nothing: the same random
   * traffic gives the same results and the same stores, step by step, with as few kept as there are
   * instances or fewer, so they are dropped and decoded again too.
   */
  @Test
  void shouldBehaveAlikeWithDecodedHeadersKeptBetweenInputs() {
    int mostKept = 0;
    for (int seed = 0; seed < 150; seed++) {
      Random plainRandom = new Random(seed);
      Random keptRandom = new Random(seed);
      int instances = 1 + plainRandom.nextInt(3);
      keptRandom.nextInt(3);
      EngineFixture plain = new EngineFixture();
      // budgets from one small header to a few large ones: headers kept, and dropped
      EngineFixture kept =
          new EngineFixture(
              EngineConfig.DEFAULTS,
              KvWorkflowState.HEADER_WEIGHT * (1 + seed % 3) + (seed % 4) * 30L);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        String id = "i-" + i;
        ids.add(id);
        plain.create(id, randomWorkflow(plainRandom));
        kept.create(id, randomWorkflow(keptRandom));
        plain.start(id);
        kept.start(id);
      }
      int compared = 0;
      for (int step = 0; step < 200; step++) {
        String id = ids.get(plainRandom.nextInt(ids.size()));
        keptRandom.nextInt(ids.size());
        randomStep(plain, plainRandom, id);
        randomStep(kept, keptRandom, id);
        String where = "seed " + seed + " step " + step;
        assertThat(kept.results).as(where + " results").hasSameSizeAs(plain.results);
        for (int r = compared; r < plain.results.size(); r++) {
          assertThat(kept.results.get(r).toString())
              .as(where + " result")
              .isEqualTo(plain.results.get(r).toString());
        }
        compared = plain.results.size();
        mostKept = Math.max(mostKept, kept.state.headersKept());
        if (step % 25 == 24) {
          assertThat(kept.instances.contents())
              .as(where + " headers")
              .isEqualTo(plain.instances.contents());
          assertThat(kept.entries.contents())
              .as(where + " entries")
              .isEqualTo(plain.entries.contents());
        }
      }
    }
    // headers were kept (and the runs above dropped them past the budget)
    assertThat(mostKept).isGreaterThanOrEqualTo(2);
  }

  private static WorkflowDefinition randomWorkflow(Random random) {
    // some larger than the frontier a header holds, with few dependencies: wide groups
    int n =
        1
            + random.nextInt(
                switch (random.nextInt(3)) {
                  case 0 -> 10;
                  case 1 -> 40;
                  default -> 3 * KvWorkflowState.INLINE_TASKS;
                });
    int oneIn = n > 40 ? n : 4;
    List<TaskDefinition> tasks = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      List<String> deps = new ArrayList<>();
      for (int d = 0; d < t; d++) {
        if (random.nextInt(oneIn) == 0) {
          deps.add("t" + d);
        }
      }
      Long timeout = random.nextInt(4) == 0 ? 300L + random.nextInt(1000) : null;
      RetryBackoff backoff =
          random.nextInt(3) == 0
              ? new RetryBackoff(random.nextInt(300), 1.0 + random.nextInt(3), null)
              : null;
      Integer maxRetries = random.nextInt(4) == 0 ? random.nextInt(5) : null;
      tasks.add(
          new TaskDefinition(
              "t" + t,
              null,
              random.nextInt(1000),
              deps,
              List.of(),
              random.nextInt(3),
              maxRetries,
              timeout,
              backoff,
              null));
    }
    return new WorkflowDefinition(
        "wf",
        null,
        null,
        tasks,
        2 + random.nextInt(4),
        random.nextInt(6) == 0 ? 2_000L + random.nextInt(20_000) : null,
        random.nextInt(4) != 0,
        random.nextBoolean() ? Scheduling.GROUPS : Scheduling.EAGER);
  }

  private static void randomStep(EngineFixture fx, Random random, String id) {
    List<TaskState> running =
        fx.queries().tasks(id).stream().filter(t -> t.status == TaskStatus.RUNNING).toList();
    int dice = random.nextInt(100);
    if (dice < 55 && !running.isEmpty()) {
      TaskState t = running.get(random.nextInt(running.size()));
      sendLate(fx, random, new CompleteTask(id, t.taskId, t.attempt));
    } else if (dice < 60 && !running.isEmpty()) {
      TaskState t = running.get(random.nextInt(running.size()));
      sendLate(fx, random, new FailTask(id, t.taskId, t.attempt, "boom", random.nextInt(20) != 0));
    } else if (dice < 70) {
      // a stray or repeated result
      List<TaskState> all = fx.queries().tasks(id);
      TaskState t = all.get(random.nextInt(all.size()));
      int attempt = Math.max(1, t.attempt + random.nextInt(3) - 1);
      if (random.nextBoolean()) {
        fx.send(new CompleteTask(id, t.taskId, attempt));
      } else {
        fx.send(new FailTask(id, t.taskId, attempt, "stray"));
      }
    } else if (dice < 77) {
      fx.pause(id);
    } else if (dice < 85) {
      fx.resume(id);
    } else if (dice < 86) {
      fx.cancel(id, "fuzz");
    } else if (dice < 89) {
      fx.send(new RetryWorkflow(id, null));
    } else {
      fx.now += random.nextInt(400);
      fx.fireTimers();
    }
  }

  /** Sometimes lets time pass first, and fires the instance's due timers as the processor does. */
  private static void sendLate(EngineFixture fx, Random random, Input input) {
    if (random.nextInt(3) == 0) {
      fx.now += random.nextInt(600);
      fx.engine.fireTimersDueBefore(input, fx.now, fx.results::add);
    }
    fx.send(input);
  }

  private static void checkConsistent(EngineFixture fx, String id, String where) {
    InstanceState instance = fx.instance(id);
    List<TaskState> tasks = fx.queries().tasks(id);
    boolean terminal = instance.status.isTerminal();
    long ready = tasks.stream().filter(t -> t.status == TaskStatus.READY).count();
    long running = tasks.stream().filter(t -> t.status == TaskStatus.RUNNING).count();
    long completed = tasks.stream().filter(t -> t.status == TaskStatus.COMPLETED).count();
    long failed = tasks.stream().filter(t -> t.status == TaskStatus.FAILED).count();
    assertThat(instance.runningTasks).as(where + " running").isEqualTo((int) running);
    assertThat(instance.completedTasks).as(where + " completed").isEqualTo((int) completed);
    assertThat(instance.failedTasks).as(where + " failed").isEqualTo((int) failed);
    if (instance.ready.isEmpty()) {
      checkHead(fx, id + "/r/", instance.readyHead, terminal ? 0 : ready, where + " ready");
    } else {
      // a few ready tasks are in the header, and then only there
      checkHead(fx, id + "/r/", instance.readyHead, 0, where + " ready (inline)");
      assertThat(instance.ready).as(where + " inline ready").hasSize((int) ready);
      assertThat(instance.ready.size()).isLessThanOrEqualTo(KvWorkflowState.INLINE_TASKS);
    }
    // the longest-chain index also holds tasks that wait only for their group (GROUPS)
    long held = tasks.stream().filter(t -> t.heldAtBarrier).count();
    if (terminal) {
      assertThat(held).as(where + " held after the end").isZero();
    }
    long onTail = terminal ? 0 : ready + running + held;
    long onEstimate = terminal ? 0 : ready + running;
    if (instance.frontier.isEmpty()) {
      checkHead(fx, id + "/ft/", instance.tailHead, onTail, where + " tail");
      checkHead(fx, id + "/fe/", instance.estimateHead, onEstimate, where + " estimate");
    } else {
      // a small frontier is in the header, and then only there
      checkHead(fx, id + "/ft/", instance.tailHead, 0, where + " tail (inline)");
      checkHead(fx, id + "/fe/", instance.estimateHead, 0, where + " estimate (inline)");
      assertThat(instance.frontier).as(where + " inline frontier").hasSize((int) onTail);
      assertThat(instance.frontier.stream().filter(InlineTask::waiting).count())
          .as(where + " inline held")
          .isEqualTo(held);
      assertThat(instance.frontier.size()).isLessThanOrEqualTo(KvWorkflowState.INLINE_TASKS);
    }
    // every running attempt with a timeout has its timer; no timer outlives its instance's end
    Map<String, TimerEntry> timers = timersOf(fx, id);
    for (TaskState t : tasks) {
      if (t.status == TaskStatus.RUNNING && t.timeoutMs != null) {
        assertThat(timers).as(where + " timeout timer of " + t.taskId).containsKey(t.timerKey);
      }
    }
    if (terminal) {
      // nothing but the retention timer, which deletes the instance later
      assertThat(timers.values())
          .as(where + " timers after the end")
          .extracting(TimerEntry::kind)
          .containsExactly(TimerKind.RETENTION);
      assertThat(timers).containsKey(instance.timerKey);
    }
    if (instance.status == WorkflowStatus.RUNNING && instance.timeoutMs != null) {
      assertThat(timers).as(where + " workflow timer").containsKey(instance.timerKey);
    }
    // seq: 1, 2, 3, ... for this instance
    long expected = 1;
    for (StatusEvent event : fx.events(id)) {
      if (event.seq() == 0) {
        continue;
      }
      assertThat(event.seq()).as(where + " seq").isEqualTo(expected++);
    }
    assertThat(instance.seq).as(where + " stored seq").isEqualTo(expected - 1);
  }

  private static void checkHead(
      EngineFixture fx, String prefix, IndexHead head, long expected, String where) {
    List<String> keys = new ArrayList<>();
    fx.entries.scan(prefix, e -> keys.add(e.getKey()));
    assertThat(keys).as(where + " stored entries").hasSize((int) expected);
    assertThat(head.count).as(where + " head count").isEqualTo(keys.size());
    List<String> kept = head.head.stream().map(IndexHead.Slot::key).toList();
    assertThat(keys.subList(0, Math.min(kept.size(), keys.size())))
        .as(where + " head is a prefix")
        .isEqualTo(kept);
  }

  private static Map<String, TimerEntry> timersOf(EngineFixture fx, String id) {
    Map<String, TimerEntry> timers = new HashMap<>();
    fx.entries.scan(
        "!timer/",
        e -> {
          StoredEntry value = e.getValue();
          if (value instanceof TimerEntry timer && timer.instanceId().equals(id)) {
            timers.put(e.getKey(), timer);
          }
          return true;
        });
    return timers;
  }
}
