package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;
import dev.baton.worker.NonRetryableTaskException;
import dev.baton.worker.TaskContext;
import dev.baton.worker.TaskHandler;

/**
 * The demo worker's behaviour, decided by each task's {@code input} alone, so that a definition
 * shows in plain sight what will happen:
 *
 * <ul>
 *   <li>{@code sleepMs}: how long the task "works" (default 0);
 *   <li>{@code failAttempts}: attempts 1..n fail (retryable), later ones succeed;
 *   <li>{@code alwaysFail}: every attempt fails (retryable);
 *   <li>{@code nonRetryable}: with either of the above, the failure is not retryable;
 *   <li>{@code error}: the failure message;
 *   <li>{@code output}: returned as the task's output (default: attempt and time worked).
 * </ul>
 */
public final class DemoTaskHandler implements TaskHandler {

  @Override
  public JsonNode handle(TaskContext task) throws Exception {
    JsonNode input = task.input();
    long sleepMs = Math.max(0, input.path("sleepMs").asLong(0));
    // Interruptible on purpose: the worker interrupts a task whose timeout passed.
    Thread.sleep(sleepMs);
    int failAttempts = input.path("failAttempts").asInt(0);
    boolean fails = input.path("alwaysFail").asBoolean(false) || task.attempt() <= failAttempts;
    if (fails) {
      String error = input.path("error").asText("simulated failure");
      if (input.path("nonRetryable").asBoolean(false)) {
        throw new NonRetryableTaskException(error);
      }
      throw new SimulatedFailure(error);
    }
    if (input.has("output")) {
      return input.get("output");
    }
    ObjectNode output = Json.MAPPER.createObjectNode();
    output.put("attempt", task.attempt());
    output.put("workedMs", sleepMs);
    return output;
  }

  /** The failure a definition asked for; its message is all the engine needs. */
  static final class SimulatedFailure extends Exception {

    private static final long serialVersionUID = 1L;

    SimulatedFailure(String message) {
      super(message, null, false, false);
    }
  }
}
