package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ApplicationIdCheckTest {

  private static final TopicPartition P0 = new TopicPartition("baton.commands", 0);
  private static final TopicPartition P1 = new TopicPartition("baton.commands", 1);

  @Test
  void shouldWarnWhenTheApplicationIdHasNeverCommittedOnATopicWithRecords() {
    // when
    var warning =
        ApplicationIdCheck.decide(
            "baton-typo",
            "baton.commands",
            Map.of(P0, 0L, P1, 5L),
            Map.of(P0, 40L, P1, 7L),
            Map.of());

    // then
    assertThat(warning)
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .startsWith("WARNING: application id 'baton-typo' has no committed offsets")
                    .contains("baton.commands holds about 42 command records")
                    .contains("process them all again")
                    .contains("--application-id")
                    .doesNotContain("\n"));
  }

  @Test
  void shouldNotWarnWhenTheApplicationIdHasCommittedEverywhere() {
    assertThat(
            ApplicationIdCheck.decide(
                "baton",
                "baton.commands",
                Map.of(P0, 0L, P1, 0L),
                Map.of(P0, 40L, P1, 7L),
                Map.of(P0, new OffsetAndMetadata(40), P1, new OffsetAndMetadata(7))))
        .isEmpty();
  }

  @Test
  void shouldNotWarnOnAnEmptyTopic() {
    // a fresh cluster, or records all gone by retention
    assertThat(
            ApplicationIdCheck.decide(
                "baton",
                "baton.commands",
                Map.of(P0, 9L, P1, 0L),
                Map.of(P0, 9L, P1, 0L),
                Map.of()))
        .isEmpty();
  }

  @Test
  void shouldWarnOfThePartitionsWithRecordsButNoCommit() {
    var warning =
        ApplicationIdCheck.decide(
            "baton",
            "baton.commands",
            Map.of(P0, 0L, P1, 0L),
            Map.of(P0, 40L, P1, 7L),
            Map.of(P0, new OffsetAndMetadata(40)));

    assertThat(warning)
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("no committed offsets for 1 of the 2 partitions of baton.commands")
                    .contains("about 7 command records"));
  }

  @Test
  void shouldSayInTheHelpOfApplicationIdThatANewIdReplays() {
    CliRun run = CliRun.of("server", "--help");

    assertThat(run.out().replaceAll("\\s+", " "))
        .contains("A new id on a cluster whose commands topic holds records processes every")
        .contains("the server warns at start");
  }
}
