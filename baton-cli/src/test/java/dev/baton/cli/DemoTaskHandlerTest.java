package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import dev.baton.worker.NonRetryableTaskException;
import dev.baton.worker.TaskContext;
import org.junit.jupiter.api.Test;

class DemoTaskHandlerTest {

  private final DemoTaskHandler handler = new DemoTaskHandler();

  @Test
  void shouldFailTheFirstAttemptsItIsToldToAndThenSucceed() throws Exception {
    String input = "{\"failAttempts\": 2, \"error\": \"storage unavailable\"}";

    assertThatThrownBy(() -> handler.handle(task(1, input)))
        .hasMessage("storage unavailable")
        .isNotInstanceOf(NonRetryableTaskException.class);
    assertThatThrownBy(() -> handler.handle(task(2, input))).hasMessage("storage unavailable");
    assertThat(handler.handle(task(3, input)).get("attempt").asInt()).isEqualTo(3);
  }

  @Test
  void shouldFailEveryAttemptWhenToldToAlwaysFail() {
    String input = "{\"alwaysFail\": true}";

    for (int attempt = 1; attempt <= 5; attempt++) {
      int a = attempt;
      assertThatThrownBy(() -> handler.handle(task(a, input))).hasMessage("simulated failure");
    }
  }

  @Test
  void shouldFailWithoutRetryWhenToldTheFailureIsNotRetryable() {
    assertThatThrownBy(
            () -> handler.handle(task(1, "{\"alwaysFail\": true, \"nonRetryable\": true}")))
        .isInstanceOf(NonRetryableTaskException.class);
  }

  @Test
  void shouldReturnTheOutputItIsGiven() throws Exception {
    JsonNode output = handler.handle(task(1, "{\"output\": {\"artifact\": \"app.jar\"}}"));

    assertThat(output.get("artifact").asText()).isEqualTo("app.jar");
  }

  @Test
  void shouldWorkForAsLongAsItIsTold() throws Exception {
    long start = System.nanoTime();

    JsonNode output = handler.handle(task(1, "{\"sleepMs\": 120}"));

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(120);
    assertThat(output.get("workedMs").asLong()).isEqualTo(120);
  }

  @Test
  void shouldSucceedAtOnceWithoutInput() throws Exception {
    assertThat(handler.handle(task(1, "null")).get("attempt").asInt()).isEqualTo(1);
  }

  private static TaskContext task(int attempt, String inputJson) throws Exception {
    return new TaskContext(
        "i-1", "w", "t", "T", attempt, Json.MAPPER.readTree(inputJson), null, 0L);
  }
}
