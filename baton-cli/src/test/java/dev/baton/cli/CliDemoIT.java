package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code baton demo} end to end: embedded broker, server, worker and every example. */
@Tag("integration")
class CliDemoIT {

  @Test
  @Timeout(180)
  void shouldRunEveryExampleToItsExpectedStatus() {
    // when
    CliRun run = CliRun.of("demo", "--plain");

    // then
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<String> summary =
        run.out().lines().dropWhile(line -> !line.startsWith("Summary")).toList();
    assertThat(summary).as(run.out()).isNotEmpty();
    assertThat(row(summary, "build-test-deploy")).contains("COMPLETED  COMPLETED").endsWith("ok");
    assertThat(row(summary, "fan-out-fan-in")).contains("COMPLETED  COMPLETED").endsWith("ok");
    assertThat(row(summary, "flaky-retries")).contains("COMPLETED  COMPLETED").endsWith("ok");
    assertThat(row(summary, "pause-resume")).contains("COMPLETED  COMPLETED").endsWith("ok");
    assertThat(row(summary, "eager-diamond")).contains("COMPLETED  COMPLETED").endsWith("ok");
    assertThat(row(summary, "fails-after-retries")).contains("FAILED     FAILED").endsWith("ok");
    assertThat(run.out())
        .contains("All 6 workflows reached their expected status")
        .as("plain output never redraws")
        .doesNotContain("\033[");
    // The live part: the retried upload, the pause and the resume are all visible.
    assertThat(run.out())
        .contains("TaskFailed upload-report: 503 Service Unavailable from storage, will retry")
        .contains("TaskDispatched upload-report (attempt 3)")
        .contains("WorkflowPaused")
        .contains("WorkflowResumed")
        .contains("WorkflowFailed: task migrate-schema failed after 3 attempts");
  }

  private static String row(List<String> summary, String workflow) {
    return summary.stream()
        .filter(line -> line.trim().startsWith(workflow + " "))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no summary row for " + workflow + " in\n" + String.join("\n", summary)))
        .trim();
  }
}
