package dev.baton.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void shouldWaitTheInitialDelayAfterTheFirstFailedAttempt() {
    // given
    RetryBackoff backoff = new RetryBackoff(100, 3.0, null);

    // when
    long delay = backoff.delayAfterAttempt(1);

    // then
    assertThat(delay).isEqualTo(100);
  }

  @Test
  void shouldGrowTheDelayByTheMultiplierPerFailedAttempt() {
    // given
    RetryBackoff backoff = new RetryBackoff(100, 3.0, null);

    // when
    long delay = backoff.delayAfterAttempt(3);

    // then
    assertThat(delay).isEqualTo(900);
  }

  @Test
  void shouldCapTheDelayAtMaxMs() {
    // given
    RetryBackoff backoff = new RetryBackoff(100, RetryBackoff.DEFAULT_MULTIPLIER, 250L);

    // when
    long delay = backoff.delayAfterAttempt(5);

    // then
    assertThat(delay).isEqualTo(250);
  }

  @Test
  void shouldNotOverflowAnUnboundedDelay() {
    // given
    RetryBackoff backoff = new RetryBackoff(1_000, 10.0, null);

    // when
    long delay = backoff.delayAfterAttempt(1_000);

    // then
    assertThat(delay).isEqualTo(Long.MAX_VALUE);
  }
}
