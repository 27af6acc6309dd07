package dev.baton.server;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {

  private long now = 1_000_000;
  private final ThreadFailurePolicy policy =
      new ThreadFailurePolicy(2, Duration.ofMinutes(5), () -> now);
  private final RuntimeException failure = new IllegalStateException("disk full");

  @Test
  void shouldReplaceAFailedThreadAFewTimes() {
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
  }

  @Test
  void shouldShutTheClientDownWhenFailuresKeepComing() {
    // given
    policy.handle(failure);
    policy.handle(failure);
    // when / then
    assertThat(policy.handle(failure)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldForgetFailuresOlderThanTheWindow() {
    // given
    policy.handle(failure);
    policy.handle(failure);
    // when
    now += Duration.ofMinutes(5).toMillis();
    // then
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
  }
}
