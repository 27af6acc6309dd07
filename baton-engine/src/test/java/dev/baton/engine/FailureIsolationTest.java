package dev.baton.engine;

import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoreFailure;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.WorkflowStore;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A defect on one input must cost that input alone: its writes are dropped, the state is as before,
 * and the next input goes on. The topology turns the exception into a PROCESSING_ERROR dead letter;
 * here the engine's half of that promise is checked, with a store that fails on demand in the
 * middle of a unit of work.
 */
class FailureIsolationTest {

  private final InMemoryKv<InstanceState> instances = new InMemoryKv<>();
  private final InMemoryKv<StoredEntry> entries = new InMemoryKv<>();
  private final FailingStore failing = new FailingStore(state(instances, entries));
  private final Engine engine = new Engine(failing.proxy(), EngineConfig.DEFAULTS);

  /** The state under test: the engine tests' own, without decoded headers kept. */
  KvWorkflowState state(InMemoryKv<InstanceState> instances, InMemoryKv<StoredEntry> entries) {
    return new KvWorkflowState(instances, entries);
  }

  @Test
  void shouldLeaveTheStateUntouchedWhenTheEngineFailsOnAnInput() {
    // given a running instance
    engine.process(CreateWorkflow.of("i-1", workflow(task("a", 10), task("b", 10, "a"))), 1_000);
    engine.process(new dev.baton.protocol.input.StartWorkflow("i-1"), 1_001);
    Map<String, String> instancesBefore = instances.contents();
    Map<String, String> entriesBefore = entries.contents();

    // when the engine fails half-way through the result that would complete "a"
    failing.failOn("putTask");
    assertThatThrownBy(() -> engine.process(new CompleteTask("i-1", "a", 1, null), 1_002))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("injected");

    // then nothing of it was written, and the same input goes through once the defect is gone
    assertThat(instances.contents()).isEqualTo(instancesBefore);
    assertThat(entries.contents()).isEqualTo(entriesBefore);
    failing.failOn(null);
    ProcessingResult result = engine.process(new CompleteTask("i-1", "a", 1, null), 1_003);
    assertThat(result.outcome()).isEqualTo(ProcessingResult.Outcome.APPLIED);
    assertThat(result.dispatches()).extracting(d -> d.taskId()).containsExactly("b");

    // and the state is what it is where the defect never happened
    InMemoryKv<InstanceState> cleanInstances = new InMemoryKv<>();
    InMemoryKv<StoredEntry> cleanEntries = new InMemoryKv<>();
    Engine clean =
        new Engine(new KvWorkflowState(cleanInstances, cleanEntries), EngineConfig.DEFAULTS);
    clean.process(CreateWorkflow.of("i-1", workflow(task("a", 10), task("b", 10, "a"))), 1_000);
    clean.process(new dev.baton.protocol.input.StartWorkflow("i-1"), 1_001);
    clean.process(new CompleteTask("i-1", "a", 1, null), 1_003);
    assertThat(instances.contents()).isEqualTo(cleanInstances.contents());
    assertThat(entries.contents()).isEqualTo(cleanEntries.contents());
  }

  @Test
  void shouldRemoveAFailingTimerSoThatItNeverFiresAgain() {
    // given a task whose attempt times out at 1,101
    TaskDefinition timed =
        new TaskDefinition("a", "a", 10, List.of(), List.of(), 0, null, 100L, null, null);
    engine.process(new CreateWorkflow("i-1", null, workflow(timed), null, true), 1_001);

    // when its timeout fails in the handler
    failing.failOn("putTask");
    assertThatThrownBy(() -> engine.fireNextTimer(1_200))
        .isInstanceOf(TimerFailedException.class)
        .hasRootCauseMessage("injected failure in putTask");

    // then the timer is gone, and the instance is as the timer found it
    failing.failOn(null);
    assertThat(engine.fireNextTimer(1_300)).isEmpty();
    assertThat(engine.queries().instance("i-1").orElseThrow().status)
        .isEqualTo(WorkflowStatus.RUNNING);
    assertThat(engine.queries().task("i-1", "a").orElseThrow().status)
        .isEqualTo(TaskStatus.RUNNING);
    assertThat(entries.contents().keySet()).noneMatch(key -> key.startsWith("!timer/"));
  }

  @Test
  void shouldKeepATimerWhenTheStoresFailRatherThanTheHandler() {
    // given a task whose attempt times out at 1,101
    TaskDefinition timed =
        new TaskDefinition("a", "a", 10, List.of(), List.of(), 0, null, 100L, null, null);
    engine.process(new CreateWorkflow("i-1", null, workflow(timed), null, true), 1_001);

    // when the stores fail while its timeout is handled
    failing.failWith("putTask", new StoreFailure(new IllegalStateException("disk gone")));
    assertThatThrownBy(() -> engine.fireNextTimer(1_200)).isInstanceOf(StoreFailure.class);

    // then the timer is still there, and fires once the stores work again
    failing.failOn(null);
    ProcessingResult fired = engine.fireNextTimer(1_300).orElseThrow();
    assertThat(fired.events()).extracting(e -> e.event().type().name()).contains("TaskTimedOut");
  }

  /** A store that throws from one named method while told to, and otherwise delegates. */
  private static final class FailingStore {

    private final WorkflowStore delegate;
    private volatile String failingMethod;
    private volatile RuntimeException failure;

    FailingStore(WorkflowStore delegate) {
      this.delegate = delegate;
    }

    void failOn(String method) {
      failWith(method, null);
    }

    void failWith(String method, RuntimeException exception) {
      this.failingMethod = method;
      this.failure = exception;
    }

    WorkflowStore proxy() {
      return (WorkflowStore)
          Proxy.newProxyInstance(
              WorkflowStore.class.getClassLoader(),
              new Class<?>[] {WorkflowStore.class},
              (proxy, method, args) -> {
                if (method.getName().equals(failingMethod)) {
                  throw failure != null
                      ? failure
                      : new IllegalStateException("injected failure in " + method.getName());
                }
                try {
                  return method.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
