package dev.baton.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * One attempt of one task, as dispatched.
 *
 * @param input the task's {@code input} from the definition; a JSON null when it has none
 * @param timeoutMs the attempt's timeout, or null when it has none
 * @param dispatchedAt when the engine dispatched the attempt (epoch ms)
 */
public record TaskContext(
    String instanceId,
    String workflowId,
    String taskId,
    String name,
    int attempt,
    JsonNode input,
    Long timeoutMs,
    long dispatchedAt) {

  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeoutMs).map(Duration::ofMillis);
  }
}
