package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

  private final PartitionOffsets offsets = new PartitionOffsets();

  @Test
  void shouldHaveNothingToCommitBeforeAnyRecord() {
    assertThat(offsets.committable()).isEmpty();
  }

  @Test
  void shouldCommitUpToTheOldestRecordStillRunning() {
    // given
    offsets.started(10);
    offsets.started(11);
    offsets.started(12);
    // when
    offsets.done(11);
    offsets.done(12);
    // then: 10 is where reading started, so there is nothing to commit yet
    assertThat(offsets.committable()).isEmpty();
    // when
    offsets.done(10);
    // then
    assertThat(offsets.committable()).hasValue(13);
  }

  @Test
  void shouldNotCommitWhereReadingStarted() {
    // given
    offsets.started(5);
    // then
    assertThat(offsets.committable()).isEmpty();
  }

  @Test
  void shouldOfferAnOffsetOnlyOnceCommitted() {
    // given
    offsets.started(0);
    offsets.done(0);
    // when
    offsets.committed(1);
    // then
    assertThat(offsets.committable()).isEmpty();
    assertThat(offsets.running()).isZero();
  }
}
