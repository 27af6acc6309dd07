package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.config.BatonConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server started before its broker answers waits for it, as long as its startup timeout. */
class ServerCommandTest {

  private static KafkaClients clientsOf(String bootstrap) {
    return new KafkaClients(
        BatonConfig.builder()
            .environment(Map.of())
            .defaultFile(null)
            .override("bootstrap.servers", bootstrap)
            .build());
  }

  @Test
  @Timeout(60)
  void shouldKeepTryingUntilTheStartupTimeoutThenExitUnreachable() {
    StringWriter err = new StringWriter();

    // nothing listens on port 1
    assertThatThrownBy(
            () ->
                ServerCommand.awaitKafka(
                    clientsOf("127.0.0.1:1"), Duration.ofSeconds(8), new PrintWriter(err)))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNREACHABLE))
        .hasMessageContaining("cannot reach Kafka at 127.0.0.1:1");

    // it said once that it goes on trying, and how long
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains("trying again until baton.startup-timeout-ms (8 s) has passed");
  }

  @Test
  @Timeout(30)
  void shouldFailAtOnceWhenTheHostDoesNotResolve() {
    StringWriter err = new StringWriter();

    assertThatThrownBy(
            () ->
                ServerCommand.awaitKafka(
                    clientsOf("notahost.invalid:9092"),
                    Duration.ofMinutes(2),
                    new PrintWriter(err)))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNREACHABLE))
        .hasMessageContaining("no host of it resolves");
    assertThat(err.toString()).isEmpty();
  }
}
