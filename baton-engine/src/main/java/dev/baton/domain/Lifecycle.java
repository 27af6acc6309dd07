package dev.baton.domain;

import static dev.baton.protocol.WorkflowStatus.CANCELLED;
import static dev.baton.protocol.WorkflowStatus.COMPLETED;
import static dev.baton.protocol.WorkflowStatus.FAILED;
import static dev.baton.protocol.WorkflowStatus.PAUSED;
import static dev.baton.protocol.WorkflowStatus.PENDING;
import static dev.baton.protocol.WorkflowStatus.RUNNING;

import dev.baton.protocol.WorkflowStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contract's transition table and nothing else: which cause moves which status where. Matching
 * is on the kind of cause only, never on what an event carries, so a failure with a message is the
 * same transition as one without.
 */
public final class Lifecycle {

  private record Rule(Set<WorkflowStatus> from, WorkflowStatus to) {}

  private static final Map<LifecycleCause, Rule> RULES = new EnumMap<>(LifecycleCause.class);

  static {
    RULES.put(LifecycleCause.START, new Rule(EnumSet.of(PENDING), RUNNING));
    RULES.put(LifecycleCause.PAUSE, new Rule(EnumSet.of(RUNNING), PAUSED));
    RULES.put(LifecycleCause.RESUME, new Rule(EnumSet.of(PAUSED), RUNNING));
    RULES.put(LifecycleCause.ALL_TASKS_COMPLETED, new Rule(EnumSet.of(RUNNING), COMPLETED));
    RULES.put(LifecycleCause.FAILURE, new Rule(EnumSet.of(RUNNING, PAUSED), FAILED));
    RULES.put(LifecycleCause.RETRY, new Rule(EnumSet.of(FAILED), RUNNING));
    RULES.put(LifecycleCause.CANCEL, new Rule(EnumSet.of(PENDING, RUNNING, PAUSED), CANCELLED));
  }

  private Lifecycle() {}

  /** The status {@code cause} leads to from {@code from}, or empty when the table forbids it. */
  public static Optional<WorkflowStatus> next(WorkflowStatus from, LifecycleCause cause) {
    Rule rule = RULES.get(cause);
    return rule.from().contains(from) ? Optional.of(rule.to()) : Optional.empty();
  }

  public static boolean allows(WorkflowStatus from, LifecycleCause cause) {
    return next(from, cause).isPresent();
  }
}
