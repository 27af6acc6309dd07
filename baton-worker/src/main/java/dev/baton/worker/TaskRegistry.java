package dev.baton.worker;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which handler runs which task: looked up by the task's {@code name}, then by its task id, then
 * the fallback handler if one is set. A task nothing matches fails without retry.
 */
public final class TaskRegistry {

  private final Map<String, TaskHandler> handlers = new ConcurrentHashMap<>();
  private volatile TaskHandler fallback;

  /** Runs tasks whose name, or else whose id, is {@code nameOrTaskId}. */
  public TaskRegistry register(String nameOrTaskId, TaskHandler handler) {
    Objects.requireNonNull(nameOrTaskId, "nameOrTaskId");
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(nameOrTaskId, handler) != null) {
      throw new IllegalArgumentException(
          "A handler is already registered for '" + nameOrTaskId + "'");
    }
    return this;
  }

  /** Runs every task that no registered name or id matches. */
  public TaskRegistry fallback(TaskHandler handler) {
    this.fallback = Objects.requireNonNull(handler, "handler");
    return this;
  }

  public Optional<TaskHandler> find(String name, String taskId) {
    TaskHandler handler = name == null ? null : handlers.get(name);
    if (handler == null && taskId != null) {
      handler = handlers.get(taskId);
    }
    return Optional.ofNullable(handler != null ? handler : fallback);
  }

  /** The registered names and ids, sorted: for error messages and logs. */
  public Set<String> names() {
    return new TreeSet<>(handlers.keySet());
  }
}
