package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a command's answer is found among the status events, by its commandId. */
class CommandOutcomeTest {

  @Test
  void shouldTakeOnlyTheEventsOfItsOwnCommand() {
    // given: the old instance's events (another commandId, or none), then ours, a rejection
    FakeFeed feed =
        new FakeFeed()
            .then(
                "{\"type\":\"WorkflowStarted\",\"instanceId\":\"i\",\"seq\":2,\"status\":\"RUNNING\","
                    + "\"commandId\":\"old\"}",
                "{\"type\":\"TaskDispatched\",\"instanceId\":\"i\",\"seq\":3,\"taskId\":\"a\"}")
            .then(
                "{\"type\":\"CommandRejected\",\"instanceId\":\"i\",\"seq\":4,"
                    + "\"status\":\"RUNNING\",\"command\":\"CreateWorkflow\","
                    + "\"reason\":\"ALREADY_EXISTS\",\"message\":\"instance i exists\","
                    + "\"commandId\":\"mine\"}");

    // when
    CommandSender.Outcome outcome =
        CommandSender.awaitAnswer(feed, "mine", Set.of("WorkflowStarted"), Duration.ofSeconds(5));

    // then
    assertThat(outcome).isInstanceOf(CommandSender.Outcome.Rejected.class);
    assertThat(((CommandSender.Outcome.Rejected) outcome).event().reason())
        .isEqualTo("ALREADY_EXISTS");
  }

  @Test
  void shouldWaitPastTheFirstEventForTheOneThatAnswers() {
    FakeFeed feed =
        new FakeFeed()
            .then(
                "{\"type\":\"WorkflowCreated\",\"instanceId\":\"i\",\"seq\":1,\"status\":\"PENDING\","
                    + "\"commandId\":\"mine\"}")
            .then(
                "{\"type\":\"WorkflowStarted\",\"instanceId\":\"i\",\"seq\":2,\"status\":\"RUNNING\","
                    + "\"commandId\":\"mine\"}");

    CommandSender.Outcome outcome =
        CommandSender.awaitAnswer(feed, "mine", Set.of("WorkflowStarted"), Duration.ofSeconds(5));

    assertThat(outcome).isInstanceOf(CommandSender.Outcome.Accepted.class);
    assertThat(((CommandSender.Outcome.Accepted) outcome).event().type())
        .isEqualTo("WorkflowStarted");
  }

  @Test
  void shouldStandByTheFirstEventWhenTheAnswerDoesNotCome() {
    FakeFeed feed =
        new FakeFeed()
            .then(
                "{\"type\":\"WorkflowCreated\",\"instanceId\":\"i\",\"seq\":1,\"status\":\"PENDING\","
                    + "\"commandId\":\"mine\"}");

    CommandSender.Outcome outcome =
        CommandSender.awaitAnswer(feed, "mine", Set.of("WorkflowStarted"), Duration.ofMillis(300));

    assertThat(outcome).isInstanceOf(CommandSender.Outcome.Accepted.class);
    assertThat(((CommandSender.Outcome.Accepted) outcome).event().type())
        .isEqualTo("WorkflowCreated");
  }

  @Test
  void shouldBeUnansweredWhenNoEventOfItsCommandComes() {
    FakeFeed feed =
        new FakeFeed()
            .then(
                "{\"type\":\"WorkflowPaused\",\"instanceId\":\"i\",\"seq\":5,\"status\":\"PAUSED\"}");

    CommandSender.Outcome outcome =
        CommandSender.awaitAnswer(feed, "mine", Set.of("WorkflowPaused"), Duration.ofMillis(300));

    assertThat(outcome).isInstanceOf(CommandSender.Outcome.Unanswered.class);
  }

  @Test
  void shouldReadTheCommandIdOfEveryCommandTheCliWrites() {
    byte[] command = WorkflowCommands.lifecycle(WorkflowCommands.PAUSE, "i-1");

    assertThat(CommandSender.commandIdOf(command)).matches("[0-9a-f-]{36}");
  }

  @Test
  void shouldReportARejectionAsAFailureWithItsReason() {
    StatusRecord rejection =
        StatusRecord.from(
            json(
                "{\"type\":\"CommandRejected\",\"instanceId\":\"i\",\"seq\":7,"
                    + "\"command\":\"CreateWorkflow\",\"reason\":\"ALREADY_EXISTS\","
                    + "\"message\":\"instance i already exists\"}"));
    StringWriter out = new StringWriter();

    assertThatThrownBy(
            () ->
                LifecycleCommand.report(
                    new PrintWriter(out),
                    new PrintWriter(new StringWriter()),
                    WorkflowCommands.CREATE,
                    "i",
                    new CommandSender.Outcome.Rejected(rejection),
                    10))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED))
        .hasMessage("CreateWorkflow for i was rejected: ALREADY_EXISTS: instance i already exists");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldNameTheRetriedTasks() {
    StatusRecord retried =
        StatusRecord.from(
            json(
                "{\"type\":\"WorkflowRetried\",\"instanceId\":\"i\",\"seq\":9,"
                    + "\"status\":\"RUNNING\",\"retriedTasks\":[\"test\",\"deploy\"]}"));
    StringWriter out = new StringWriter();

    LifecycleCommand.report(
        new PrintWriter(out, true),
        new PrintWriter(new StringWriter()),
        WorkflowCommands.RETRY,
        "i",
        new CommandSender.Outcome.Accepted(retried),
        10);

    assertThat(out.toString().trim())
        .isEqualTo("i: WorkflowRetried, status RUNNING; tasks retried: test, deploy");
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return dev.baton.protocol.json.Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
