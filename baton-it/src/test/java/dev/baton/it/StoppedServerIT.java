package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A result written in time wins, however late the server gets to it: the server runs in its own
 * process, is stopped with SIGSTOP past the task's deadline while the worker's timely answer waits
 * on the results topic, and continued. Before timers waited for the results ahead of them, the wall
 * clock fired the timeout first and the answer was rejected as stale.
 */
class StoppedServerIT extends EmbeddedBrokerTestBase {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldAcceptAResultWrittenBeforeTheDeadlineWhileTheServerWasStopped() throws Exception {
    try (ServerProcess server = new ServerProcess(app, app.newStateDir(), Map.of()).start()) {
      // given attempt 1 of a task with a 3 s timeout, dispatched
      app.create(
          "stopped-1",
          "{\"id\":\"wf\",\"tasks\":[{\"id\":\"t\",\"name\":\"T\",\"timeoutMs\":3000}]}",
          true);
      JsonNode dispatch =
          app.dispatches.await("stopped-1", d -> d.get("attempt").asInt() == 1, "attempt 1");

      // when the server stops, the worker answers at once, and the server resumes after 4 s
      server.signal("STOP");
      app.send(
          app.topics.taskResults(),
          "stopped-1",
          "{\"type\":\"TaskCompleted\",\"instanceId\":\"stopped-1\",\"taskId\":\"t\",\"attempt\":1}"
              .getBytes(StandardCharsets.UTF_8));
      long answeredAfterMs = System.currentTimeMillis() - dispatch.get("dispatchedAt").asLong();
      Thread.sleep(4_000);
      server.signal("CONT");

      // then the answer counts, and no timeout fired
      app.status.awaitEvent("stopped-1", "WorkflowCompleted");
      assertThat(answeredAfterMs).as("the answer was written in time").isLessThan(3_000);
      assertThat(app.status.types("stopped-1"))
          .containsExactly(
              "WorkflowCreated",
              "WorkflowStarted",
              "TaskDispatched",
              "TaskCompleted",
              "WorkflowCompleted");
      assertThat(app.dispatches.values("stopped-1")).hasSize(1);
      assertThat(server.isAlive()).isTrue();
    }
  }
}
