package dev.baton.engine.state;

import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.definition.RetryBackoff;
import java.util.ArrayList;
import java.util.List;

/**
 * One task: its definition, what the plan derived for it, and its execution. Mutated only by {@code
 * EventApplier}.
 */
public final class TaskState implements StoredEntry {

  public String taskId;
  public String name;
  public long estimatedDurationMs;
  public List<String> dependents = new ArrayList<>();
  public int priority;
  public int attemptsAllowed;

  /**
   * Attempts one budget gives (1 + maxRetries): a retry of the workflow gives the task this many
   * more. 0 in state written before retries existed, where it equals {@link #attemptsAllowed}.
   */
  public int attemptBudget;

  public Long timeoutMs;
  public RetryBackoff retryBackoff;
  public String inputJson;
  public int orderIndex;
  public int group;
  public long tailMs;
  public String criticalNext;
  public int pendingDependencies;

  /**
   * Under GROUPS: every dependency has completed, but the task's group has not started. It is on
   * the longest-chain index only, so the remaining critical path can start with it.
   */
  public boolean heldAtBarrier;

  public TaskStatus status;

  /** The current (latest dispatched) attempt; 0 before the first dispatch. */
  public int attempt;

  public Long firstDispatchedAt;
  public Long dispatchedAt;
  public Long completedAt;
  public Long retryAt;
  public String error;

  /** What the completed attempt returned, as kept (raw JSON or the truncation marker), or null. */
  public String outputJson;

  /** The key of this task's scheduled timer (attempt timeout or retry), if any. */
  public String timerKey;

  /** How each finished attempt ended, by attempt number - 1. */
  public List<AttemptOutcome> outcomes = new ArrayList<>();

  /** How attempt {@code n} ended, or null while it has not (or was never dispatched). */
  public AttemptOutcome outcomeOf(int n) {
    return n >= 1 && n <= outcomes.size() ? outcomes.get(n - 1) : null;
  }
}
