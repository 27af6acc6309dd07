package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.config.BatonConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Process server = startServerProcess();
    try {
      // given attempt 1 of a task with a 3 s timeout, dispatched
      app.create(
          "stopped-1",
          "{\"id\":\"wf\",\"tasks\":[{\"id\":\"t\",\"name\":\"T\",\"timeoutMs\":3000}]}",
          true);
      JsonNode dispatch =
          app.dispatches.await("stopped-1", d -> d.get("attempt").asInt() == 1, "attempt 1");

      // when the server stops, the worker answers at once, and the server resumes after 4 s
      signal(server, "STOP");
      app.send(
          app.topics.taskResults(),
          "stopped-1",
          "{\"type\":\"TaskCompleted\",\"instanceId\":\"stopped-1\",\"taskId\":\"t\",\"attempt\":1}"
              .getBytes(StandardCharsets.UTF_8));
      long answeredAfterMs = System.currentTimeMillis() - dispatch.get("dispatchedAt").asLong();
      Thread.sleep(4_000);
      signal(server, "CONT");

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
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** `baton server` in a JVM of its own, on this test's topics, logging to a file. */
  private Process startServerProcess() throws IOException {
    Path stateDir = app.newStateDir();
    Path config = stateDir.resolve("server.properties");
    List<String> lines =
        List.of(
            "bootstrap.servers=" + cluster.bootstrapServers(),
            "application.id=" + app.applicationId,
            "state.dir=" + stateDir.resolve("streams"),
            BatonConfig.HTTP_PORT + "=0",
            BatonConfig.TOPIC_COMMANDS + "=" + app.topics.commands(),
            BatonConfig.TOPIC_TASK_RESULTS + "=" + app.topics.taskResults(),
            BatonConfig.TOPIC_TASK_DISPATCH + "=" + app.topics.taskDispatch(),
            BatonConfig.TOPIC_STATUS + "=" + app.topics.status(),
            BatonConfig.TOPIC_METRICS + "=" + app.topics.metrics(),
            BatonConfig.TOPIC_DEAD_LETTER + "=" + app.topics.deadLetter());
    Files.write(config, lines);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.baton.cli.BatonCli",
            "server",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(stateDir.resolve("server.log").toFile())
        .start();
  }

  private static void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s", signal).isZero();
  }
}
