package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What submit and the lifecycle commands say, and exit with, when no server answers. */
class LifecycleReportTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldExitUnreachableWhenNoServerAnsweredInTime() {
    assertThatThrownBy(
            () ->
                LifecycleCommand.report(
                    new PrintWriter(out),
                    new PrintWriter(err),
                    WorkflowCommands.CREATE,
                    "i-1",
                    new CommandSender.Outcome.Unanswered(),
                    10))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNREACHABLE))
        .hasMessageContaining("no answer from a Baton server within 10 s")
        .hasMessageContaining("the command is stored");
    assertThat(out.toString()).contains("i-1: " + WorkflowCommands.CREATE + " sent");
  }

  @Test
  void shouldSucceedWhenTheCallerAskedNotToWait() {
    int code =
        LifecycleCommand.report(
            new PrintWriter(out),
            new PrintWriter(err),
            WorkflowCommands.CREATE,
            "i-1",
            new CommandSender.Outcome.Unanswered(),
            0);

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).isEmpty();
  }
}
