package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.WorkflowStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** watch on an id with no events: a grace period, then the server is asked. */
class InstanceWatcherTest {

  private static final Duration GRACE = Duration.ofMillis(300);

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final InstanceWatcher watcher =
      new InstanceWatcher(
          new PrintWriter(out, true), new PrintWriter(err, true), new Terminal(false));

  @Test
  @Timeout(10)
  void shouldSayThereIsNoSuchInstanceWhenNeitherTopicNorServerKnowsIt() {
    // given
    AtomicInteger asked = new AtomicInteger();
    InstanceLookup missing =
        id -> {
          asked.incrementAndGet();
          return new InstanceLookup.Answer.Missing("the Baton server at http://127.0.0.1:8080");
        };

    // then
    assertThatThrownBy(
            () ->
                watcher.watch(
                    new FakeFeed(),
                    "ghost",
                    null,
                    new InstanceLookup.Check(GRACE, "baton.status", missing)))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED))
        .hasMessageStartingWith("no instance ghost: baton.status has no event of it")
        .hasMessageContaining("does not know it");
    assertThat(asked).hasValue(1);
    assertThat(err.toString()).contains("waiting for them up to");
  }

  @Test
  @Timeout(10)
  void shouldSayThereIsNoSuchInstanceWhenTheServerCannotBeAsked() {
    InstanceLookup unknown = id -> new InstanceLookup.Answer.Unknown("the server is unreachable");

    assertThatThrownBy(
            () ->
                watcher.watch(
                    new FakeFeed(),
                    "ghost",
                    null,
                    new InstanceLookup.Check(GRACE, "baton.status", unknown)))
        .hasMessageStartingWith("no instance ghost")
        .hasMessageContaining("the server is unreachable");
  }

  @Test
  @Timeout(10)
  void shouldReportAnInstanceWhoseEventsAreGoneByTheStatusTheServerKnows() {
    InstanceLookup completed = id -> new InstanceLookup.Answer.Exists(WorkflowStatus.COMPLETED);

    int code =
        watcher.watch(
            new FakeFeed(),
            "old",
            null,
            new InstanceLookup.Check(GRACE, "baton.status", completed));

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("old COMPLETED (its events are no longer on baton.status)");
  }

  @Test
  @Timeout(10)
  void shouldNotAskWhenTheInstancesEventsCome() {
    FakeFeed feed =
        new FakeFeed()
            .then(
                "{\"type\":\"WorkflowCreated\",\"instanceId\":\"i\",\"seq\":1,\"timestamp\":1,"
                    + "\"status\":\"PENDING\",\"progress\":0.0}",
                "{\"type\":\"WorkflowCompleted\",\"instanceId\":\"i\",\"seq\":2,\"timestamp\":2,"
                    + "\"status\":\"COMPLETED\",\"progress\":1.0}");
    InstanceLookup never =
        id -> {
          throw new AssertionError("asked although the events came");
        };

    int code =
        watcher.watch(feed, "i", null, new InstanceLookup.Check(GRACE, "baton.status", never));

    assertThat(code).isEqualTo(ExitCodes.OK);
  }

  @Test
  @Timeout(10)
  void shouldFollowARetriedInstancePastItsFirstFailureToItsEnd() {
    FakeFeed feed =
        new FakeFeed()
            .then(
                "{\"type\":\"WorkflowFailed\",\"instanceId\":\"i\",\"seq\":4,\"timestamp\":1,"
                    + "\"status\":\"FAILED\",\"progress\":0.0,\"error\":\"boom\"}")
            .then(
                "{\"type\":\"WorkflowRetried\",\"instanceId\":\"i\",\"seq\":5,\"timestamp\":2,"
                    + "\"status\":\"RUNNING\",\"progress\":0.0,\"retriedTasks\":[\"a\"]}",
                "{\"type\":\"WorkflowCompleted\",\"instanceId\":\"i\",\"seq\":8,\"timestamp\":3,"
                    + "\"status\":\"COMPLETED\",\"progress\":1.0}");

    int code = watcher.watch(feed, "i", Duration.ofSeconds(5), null);

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("COMPLETED");
  }

  @Test
  @Timeout(10)
  void shouldWaitWithoutACheckUntilItsTimeout() {
    // submit --watch: the instance was just submitted, its events will come
    assertThatThrownBy(() -> watcher.watch(new FakeFeed(), "i", Duration.ofMillis(600), null))
        .hasMessageContaining("did not end within");
  }

  @Test
  void shouldDocumentTheGracePeriodInTheHelp() {
    CliRun run = CliRun.of("watch", "--help");

    assertThat(run.out().replaceAll("\\s+", " "))
        .contains("An id with no event on the status topic gets 10 s");
  }
}
