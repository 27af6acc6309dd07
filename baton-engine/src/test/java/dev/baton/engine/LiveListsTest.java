package dev.baton.engine;

import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.PauseWorkflow;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lists of the live statuses in a store of their own: what goes there, what a page of them
 * costs once many instances passed through, and the move of such entries out of the entries store,
 * where an earlier version kept them.
 */
class LiveListsTest {

  private final InMemoryKv<InstanceState> instances = new InMemoryKv<>();
  private final InMemoryKv<StoredEntry> entries = new InMemoryKv<>();
  private final InMemoryKv<StoredEntry> live = new InMemoryKv<>();
  private final long now = 1_000_000L;

  private static final WorkflowDefinition ONE_TASK = workflow(task("a", 1));

  private static void run(Engine engine, long[] now, int from, int to) {
    for (int i = from; i < to; i++) {
      String id = "i-" + i;
      engine.process(new CreateWorkflow(id, null, ONE_TASK, null, i % 5 != 4), now[0]++);
      if (i % 5 == 1) {
        engine.process(new PauseWorkflow(id), now[0]++);
      } else if (i % 5 == 0 || i % 5 == 2) {
        engine.process(new CompleteTask(id, "a", 1), now[0]++);
      }
      // i % 5 == 3 stays RUNNING, i % 5 == 4 stays PENDING
    }
  }

  private static Map<WorkflowStatus, List<String>> lists(KvWorkflowState state) {
    Map<WorkflowStatus, List<String>> lists = new EnumMap<>(WorkflowStatus.class);
    for (WorkflowStatus status : WorkflowStatus.values()) {
      lists.put(
          status,
          state.listInstances(status, null, null, 1000).stream()
              .map(instance -> instance.instanceId)
              .toList());
      assertThat(state.listInstances(status, "wf", null, 1000))
          .extracting(instance -> instance.instanceId)
          .containsExactlyElementsOf(lists.get(status));
    }
    return lists;
  }

  @Test
  void shouldKeepTheLiveStatusesListsInTheirOwnStoreAndTheOthersInTheEntries() {
    KvWorkflowState state = new KvWorkflowState(instances, entries, live);
    long[] clock = {now};
    run(new Engine(state, EngineConfig.DEFAULTS), clock, 0, 20);

    assertThat(live.contents().keySet())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(key).matches("!ls/(s|sw)/(PENDING|RUNNING|PAUSED)/.*"));
    assertThat(entries.contents().keySet())
        .noneMatch(key -> key.matches("!ls/(s|sw)/(PENDING|RUNNING|PAUSED)/.*"))
        .anyMatch(key -> key.startsWith("!ls/s/COMPLETED/"));
    Map<WorkflowStatus, List<String>> lists = lists(state);
    assertThat(lists.get(WorkflowStatus.RUNNING)).hasSize(4).startsWith("i-18");
    assertThat(lists.get(WorkflowStatus.PAUSED)).hasSize(4).startsWith("i-16");
    assertThat(lists.get(WorkflowStatus.PENDING)).hasSize(4).startsWith("i-19");
    assertThat(lists.get(WorkflowStatus.COMPLETED)).hasSize(8).startsWith("i-17");
  }

  @Test
  void shouldPageALiveStatusAtTheCostOfThePageHoweverManyInstancesLeftIt() {
    KvWorkflowState state = new KvWorkflowState(instances, entries, live);
    long[] clock = {now};
    Engine engine = new Engine(state, EngineConfig.DEFAULTS);
    // 2,000 instances ran and finished; 5 still run, the oldest of all among them
    for (int i = 0; i < 5; i++) {
      engine.process(new CreateWorkflow("old-" + i, null, ONE_TASK, null, true), clock[0]++);
    }
    for (int i = 0; i < 2_000; i++) {
      engine.process(new CreateWorkflow("done-" + i, null, ONE_TASK, null, true), clock[0]++);
      engine.process(new CompleteTask("done-" + i, "a", 1), clock[0]++);
    }

    live.visited = 0;
    entries.visited = 0;
    List<InstanceState> page = state.listInstances(WorkflowStatus.RUNNING, null, null, 51);

    assertThat(page).extracting(i -> i.instanceId).hasSize(5).startsWith("old-4");
    // the page read what it returned, and nothing of the 2,000 that passed through RUNNING
    // (the store's scan also looks at the first key past the prefix)
    assertThat(live.visited).isBetween(5L, 6L);
    assertThat(entries.visited).isZero();
  }

  @Test
  void shouldMoveTheLiveEntriesOfAnEarlierVersionInBatchesAndListTheSame() {
    // given state written by an earlier version: every list entry in the entries store
    long[] clock = {now};
    run(new Engine(new KvWorkflowState(instances, entries), EngineConfig.DEFAULTS), clock, 0, 23);
    Map<WorkflowStatus, List<String>> before = lists(new KvWorkflowState(instances, entries));
    assertThat(entries.contents().keySet()).anyMatch(key -> key.startsWith("!ls/s/RUNNING/"));

    // when this version moves them, three at a time
    KvWorkflowState state = new KvWorkflowState(instances, entries, live);
    int calls = 1;
    while (!state.moveLiveEntries(3)) {
      calls++;
    }

    // then every page is the same, from the new store, and nothing is left behind
    long liveEntries = live.contents().size();
    assertThat(liveEntries).isEqualTo(2L * (4 + 5 + 4)); // RUNNING, PAUSED, PENDING; s and sw
    assertThat(calls).isEqualTo((int) (liveEntries / 3) + 1);
    assertThat(entries.contents().keySet())
        .noneMatch(key -> key.matches("!ls/(s|sw)/(PENDING|RUNNING|PAUSED)/.*"));
    assertThat(lists(state)).isEqualTo(before);
    // and once done, a later start finds that out with one read
    entries.visited = 0;
    assertThat(new KvWorkflowState(instances, entries, live).moveLiveEntries(3)).isTrue();
    assertThat(entries.visited).isZero();

    // and the moved instances go on: one runs to its end and leaves the live store
    Engine engine = new Engine(state, EngineConfig.DEFAULTS);
    engine.process(new CompleteTask("i-3", "a", 1), clock[0]++);
    assertThat(lists(state).get(WorkflowStatus.RUNNING)).doesNotContain("i-3");
    assertThat(lists(state).get(WorkflowStatus.COMPLETED)).contains("i-3");
    assertThat(live.contents().keySet()).noneMatch(key -> key.endsWith("/i-3"));
    run(engine, clock, 23, 30);
    assertThat(lists(state).get(WorkflowStatus.RUNNING)).startsWith("i-28", "i-23", "i-18");
  }

  @Test
  void shouldLeaveNothingBehindOfAnInstanceThatMovesOnWhileTheMoveIsUnderWay() {
    // given state of an earlier version, and a move that has done one batch (the newest first)
    long[] clock = {now};
    run(new Engine(new KvWorkflowState(instances, entries), EngineConfig.DEFAULTS), clock, 0, 23);
    KvWorkflowState state = new KvWorkflowState(instances, entries, live);
    assertThat(state.moveLiveEntries(3)).isFalse();
    assertThat(live.contents().keySet()).noneMatch(key -> key.endsWith("/i-3"));

    // when the oldest RUNNING instance, not moved yet, finishes
    Engine engine = new Engine(state, EngineConfig.DEFAULTS);
    engine.process(new CompleteTask("i-3", "a", 1), clock[0]++);
    while (!state.moveLiveEntries(3)) {
      // the rest of the move, between inputs
    }

    // then it is in no live list, in neither store
    assertThat(lists(state).get(WorkflowStatus.RUNNING))
        .containsExactly("i-18", "i-13", "i-8")
        .doesNotContain("i-3");
    assertThat(lists(state).get(WorkflowStatus.COMPLETED)).contains("i-3");
    assertThat(live.contents().keySet()).noneMatch(key -> key.endsWith("/i-3"));
    assertThat(entries.contents().keySet())
        .noneMatch(key -> key.matches("!ls/(s|sw)/(PENDING|RUNNING|PAUSED)/.*"));
  }

  @Test
  void shouldMoveNothingWhenTheLiveListsHaveNoStoreOfTheirOwn() {
    KvWorkflowState state = new KvWorkflowState(instances, entries);
    long[] clock = {now};
    run(new Engine(state, EngineConfig.DEFAULTS), clock, 0, 5);
    Map<String, String> before = entries.contents();

    assertThat(state.moveLiveEntries(1)).isTrue();
    assertThat(entries.contents()).isEqualTo(before);
  }
}
