package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ShellTaskHandlerTest {

  private static TaskContext task(String name, String inputJson) throws Exception {
    return new TaskContext("i-1", "wf", "t-1", name, 2, Json.MAPPER.readTree(inputJson), null, 0);
  }

  @Test
  void shouldRunTheAllowListedCommandWithTheInputInTheEnvironment() throws Exception {
    // given
    ShellTaskHandler shell =
        new ShellTaskHandler(
            Map.of(
                "Echo",
                "printf '%s|%s|%s|%s' \"$BATON_INPUT\" \"$BATON_INSTANCE_ID\" \"$BATON_TASK_ID\" \"$BATON_ATTEMPT\""));
    // when
    JsonNode output = shell.handle(task("Echo", "{\"suite\":\"all\"}"));
    // then
    assertThat(output.get("stdout").asText()).isEqualTo("{\"suite\":\"all\"}|i-1|t-1|2");
  }

  @Test
  void shouldReturnStdoutThatIsAJsonObjectAsTheOutput() throws Exception {
    // given
    ShellTaskHandler shell =
        new ShellTaskHandler(Map.of("Build", "echo '{\"artifact\": \"app.jar\"}'"));
    // when
    JsonNode output = shell.handle(task("Build", "null"));
    // then
    assertThat(output).hasToString("{\"artifact\":\"app.jar\"}");
  }

  @Test
  void shouldRefuseATaskNameThatIsNotAllowListedWithoutRetry() {
    // given
    ShellTaskHandler shell = new ShellTaskHandler(Map.of("Build", "true"));
    // when / then
    assertThatThrownBy(() -> shell.handle(task("rm -rf /", "null")))
        .isInstanceOf(NonRetryableTaskException.class)
        .hasMessage("task name 'rm -rf /' is not in this worker's shell allow-list [Build]");
  }

  @Test
  void shouldNeverLetTheInputChooseTheCommand() throws Exception {
    // given: an input that would be a command if it were ever evaluated
    ShellTaskHandler shell = new ShellTaskHandler(Map.of("Echo", "printf '%s' \"$BATON_INPUT\""));
    // when
    JsonNode output = shell.handle(task("Echo", "{\"cmd\":\"$(echo pwned)\"}"));
    // then: printed back verbatim, never evaluated
    assertThat(output).hasToString("{\"cmd\":\"$(echo pwned)\"}");
  }

  @Test
  void shouldFailRetryablyWithTheExitCodeAndStderr() {
    // given
    ShellTaskHandler shell =
        new ShellTaskHandler(Map.of("Test", "echo '2 tests failed' >&2; exit 3"));
    // when / then
    assertThatThrownBy(() -> shell.handle(task("Test", "null")))
        .isNotInstanceOf(NonRetryableTaskException.class)
        .hasMessage(
            "command 'echo '2 tests failed' >&2; exit 3' exited with code 3: 2 tests failed");
  }

  @Test
  void shouldKillTheProcessWhenInterrupted() throws Exception {
    // given
    ShellTaskHandler shell = new ShellTaskHandler(Map.of("Hang", "sleep 60"));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread runner =
        new Thread(
            () -> {
              try {
                shell.handle(task("Hang", "null"));
              } catch (Throwable e) {
                thrown.set(e);
              } finally {
                done.countDown();
              }
            });
    runner.start();
    Thread.sleep(300);
    // when
    runner.interrupt();
    // then
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void shouldRegisterItselfForEveryAllowListedName() {
    // given
    ShellTaskHandler shell = new ShellTaskHandler(Map.of("Build", "true", "Test", "true"));
    // when
    TaskRegistry registry = shell.registerAll(new TaskRegistry());
    // then
    assertThat(registry.names()).containsExactly("Build", "Test");
    assertThat(registry.find("Build", "x")).containsSame(shell);
    assertThat(registry.find("Deploy", "deploy")).isEmpty();
  }
}
