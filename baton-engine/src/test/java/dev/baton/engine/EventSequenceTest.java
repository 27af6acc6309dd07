package dev.baton.engine;

import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.input.StartWorkflow;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Every event of an instance carries its seq: 1, 2, 3, ... with no gaps and no repeats. */
class EventSequenceTest {

  private final EngineFixture f = new EngineFixture();

  private List<Long> seqs(String instanceId) {
    return f.events(instanceId).stream().map(StatusEvent::seq).toList();
  }

  private static List<Long> oneTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void shouldNumberEveryEventOfAnInstanceWithoutGapsRejectionsIncluded() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1, "a")).withMaxRetries(1));

    // when
    f.create("i-1", workflow(task("x", 1)));
    f.pause("i-1");
    f.send(new StartWorkflow("i-1", "c-1"));
    f.send(new StartWorkflow("i-1", "c-1"));
    f.complete("i-1", "b", 1);
    f.complete("i-1", "nope", 1);
    f.fail("i-1", "a", 1, "flaky");
    f.fail("i-1", "a", 1, "flaky");
    f.complete("i-1", "a", 1);
    f.pause("i-1");
    f.complete("i-1", "a", 2);
    f.resume("i-1");
    f.cancel("i-1", "stop");
    f.complete("i-1", "b", 1);
    f.start("i-1");

    // then
    assertThat(f.events("i-1")).filteredOn(e -> e.event() instanceof CommandRejected).hasSize(7);
    List<Long> seqs = seqs("i-1");
    assertThat(seqs).isEqualTo(oneTo(seqs.size()));
    assertThat(f.instance("i-1").seq).isEqualTo(seqs.size());
  }

  @Test
  void shouldNumberEachInstanceOnItsOwn() {
    // given
    f.create("i-1", workflow(task("a", 1)));
    f.create("i-2", workflow(task("a", 1)));

    // when
    f.start("i-2");
    f.start("i-1");
    f.complete("i-2", "a", 1);
    f.start("i-2");
    f.complete("i-1", "a", 1);

    // then
    assertThat(seqs("i-1")).isEqualTo(oneTo(5));
    assertThat(seqs("i-2")).isEqualTo(oneTo(6));
  }

  @Test
  void shouldGiveSeqZeroToEveryRejectionOfAnInstanceThatDoesNotExist() {
    // when
    f.start("ghost");
    f.complete("ghost", "a", 1);
    f.create("ghost", workflow(task("a", 1, "a")));

    // then
    assertThat(seqs("ghost")).containsExactly(0L, 0L, 0L);
  }

  @Test
  void shouldStartAtOneWhenAnInstanceIsCreatedAfterRejectionsForIt() {
    // given
    f.start("i-1");

    // when
    f.create("i-1", workflow(task("a", 1)));

    // then
    assertThat(f.results.get(1).events()).extracting(StatusEvent::seq).containsExactly(1L);
  }
}
