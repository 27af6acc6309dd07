package dev.baton.worker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs one attempt of a task. Returning completes the attempt ({@code TaskCompleted} with the
 * returned value as {@code output}; null for none). Throwing fails it ({@code TaskFailed} with the
 * exception's message): retryable, unless it is a {@link NonRetryableTaskException}.
 *
 * <p>Handlers run on the worker's pool, several at once, so they must be thread-safe. A handler
 * should give up when interrupted: the worker interrupts it once the attempt's {@code timeoutMs}
 * has passed (the engine reports that timeout itself) or when the worker is closing.
 */
@FunctionalInterface
public interface TaskHandler {

  JsonNode handle(TaskContext context) throws Exception;
}
