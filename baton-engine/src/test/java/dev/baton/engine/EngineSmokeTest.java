package dev.baton.engine;

import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.WorkflowStatus;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {

  @Test
  void shouldRunADiamondToCompletion() {
    EngineFixture f = new EngineFixture();
    f.create(
        "i-1",
        workflow(task("a", 10), task("b", 20, "a"), task("c", 5, "a"), task("d", 1, "b", "c")));
    assertThat(EngineFixture.dispatched(f.start("i-1"))).containsExactly("a");
    assertThat(EngineFixture.dispatched(f.complete("i-1", "a", 1))).containsExactly("b", "c");
    assertThat(EngineFixture.dispatched(f.complete("i-1", "c", 1))).isEmpty();
    assertThat(EngineFixture.dispatched(f.complete("i-1", "b", 1))).containsExactly("d");
    ProcessingResult last = f.complete("i-1", "d", 1);
    assertThat(last.metrics().status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(f.queries().isComplete("i-1")).isTrue();
    assertThat(f.events("i-1"))
        .extracting(e -> e.seq())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
  }
}
