package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.WorkflowStatus;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

  /** Every row of the contract's lifecycle table, one (from, cause, to) per line. */
  private static final String[][] TABLE = {
    {"PENDING", "START", "RUNNING"},
    {"RUNNING", "PAUSE", "PAUSED"},
    {"PAUSED", "RESUME", "RUNNING"},
    {"RUNNING", "ALL_TASKS_COMPLETED", "COMPLETED"},
    {"RUNNING", "FAILURE", "FAILED"},
    {"PAUSED", "FAILURE", "FAILED"},
    {"PENDING", "CANCEL", "CANCELLED"},
    {"RUNNING", "CANCEL", "CANCELLED"},
    {"PAUSED", "CANCEL", "CANCELLED"},
    {"FAILED", "RETRY", "RUNNING"},
  };

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @MethodSource("table")
  void shouldFollowEveryRowOfTheTransitionTable(
      WorkflowStatus from, LifecycleCause cause, WorkflowStatus to) {
    // when
    var next = Lifecycle.next(from, cause);

    // then
    assertThat(next).contains(to);
    assertThat(Lifecycle.allows(from, cause)).isTrue();
  }

  @ParameterizedTest(name = "{0} --{1}--> rejected")
  @MethodSource("pairsOutsideTheTable")
  void shouldRejectEveryTransitionOutsideTheTable(WorkflowStatus from, LifecycleCause cause) {
    // when
    var next = Lifecycle.next(from, cause);

    // then
    assertThat(next).isEmpty();
    assertThat(Lifecycle.allows(from, cause)).isFalse();
  }

  @ParameterizedTest(name = "{0} is terminal")
  @CsvSource({"COMPLETED", "CANCELLED"})
  void shouldLeaveATerminalStatusByNoCauseAtAll(WorkflowStatus terminal) {
    // when
    Set<LifecycleCause> allowed = EnumSet.noneOf(LifecycleCause.class);
    for (LifecycleCause cause : LifecycleCause.values()) {
      Lifecycle.next(terminal, cause).ifPresent(to -> allowed.add(cause));
    }

    // then
    assertThat(terminal.isTerminal()).isTrue();
    assertThat(allowed).isEmpty();
  }

  @Test
  void shouldLeaveFailedByRetryAlone() {
    // when
    Set<LifecycleCause> allowed = EnumSet.noneOf(LifecycleCause.class);
    for (LifecycleCause cause : LifecycleCause.values()) {
      Lifecycle.next(WorkflowStatus.FAILED, cause).ifPresent(to -> allowed.add(cause));
    }

    // then
    assertThat(WorkflowStatus.FAILED.isTerminal()).isTrue();
    assertThat(allowed).containsExactly(LifecycleCause.RETRY);
  }

  static Stream<Arguments> table() {
    return Stream.of(TABLE)
        .map(
            row ->
                Arguments.of(
                    WorkflowStatus.valueOf(row[0]),
                    LifecycleCause.valueOf(row[1]),
                    WorkflowStatus.valueOf(row[2])));
  }

  static Stream<Arguments> pairsOutsideTheTable() {
    Stream.Builder<Arguments> pairs = Stream.builder();
    for (WorkflowStatus from : WorkflowStatus.values()) {
      for (LifecycleCause cause : LifecycleCause.values()) {
        if (!inTable(from, cause)) {
          pairs.add(Arguments.of(from, cause));
        }
      }
    }
    return pairs.build();
  }

  private static boolean inTable(WorkflowStatus from, LifecycleCause cause) {
    for (String[] row : TABLE) {
      if (row[0].equals(from.name()) && row[1].equals(cause.name())) {
        return true;
      }
    }
    return false;
  }
}
