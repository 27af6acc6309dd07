package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LintCommandTest {

  @TempDir Path dir;

  /** Every shipped example; the tests run from the project directory. */
  static Stream<Path> examples() throws IOException {
    return Files.list(Path.of("examples"))
        .filter(p -> p.toString().endsWith(".json"))
        .sorted()
        .toList()
        .stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldPrintThePlanOfEveryExample(Path example) throws IOException {
    // when
    CliRun run = CliRun.of("lint", example.toString());

    // then
    String workflowId = Json.MAPPER.readTree(example.toFile()).get("id").asText();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("valid workflow '" + workflowId + "'")
        .contains("Execution order:")
        .contains("Parallel groups:")
        .contains("Critical path:")
        .contains("Estimated total:");
  }

  @Test
  void shouldShipTheExamplesTheDemoRuns() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains(
            "build-test-deploy.json",
            "fan-out-fan-in.json",
            "flaky-retries.json",
            "fails-after-retries.json",
            "pause-resume.json");
  }

  @Test
  void shouldPrintThePlanAsJsonOnRequest() throws IOException {
    // when
    CliRun run = CliRun.of("lint", "--output", "json", "examples/build-test-deploy.json");

    // then
    assertThat(run.exitCode()).isZero();
    JsonNode plan = Json.MAPPER.readTree(run.out());
    assertThat(plan.get("executionOrder").get(0).asText()).isEqualTo("checkout");
    assertThat(plan.get("parallelGroups").size()).isEqualTo(6);
    assertThat(plan.get("criticalPath").toString()).contains("integration-tests");
    assertThat(plan.get("estimatedTotalTimeMs").asLong()).isEqualTo(4600);
  }

  @Test
  void shouldRejectAMissingFileInOneLine() {
    // when
    CliRun run = CliRun.of("lint", dir.resolve("nope.json").toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("nope.json")
        .contains("no such file");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldRejectInvalidJsonInOneLineWithTheLocation() throws IOException {
    // given
    Path file = write("broken.json", "{\"id\": \"w\", \"tasks\": [\n  {\"id\": \"a\",}\n]}");

    // when
    CliRun run = CliRun.of("lint", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("broken.json")
        .contains("not valid JSON")
        .contains("line 2");
  }

  @Test
  void shouldRejectACyclicDefinitionNamingTheTasksOnTheCycle() throws IOException {
    // given
    Path file =
        write(
            "cycle.json",
            "{\"id\": \"w\", \"tasks\": ["
                + "{\"id\": \"build\"},"
                + "{\"id\": \"test\", \"dependencies\": [\"build\", \"deploy\"]},"
                + "{\"id\": \"deploy\", \"dependencies\": [\"test\"]}]}");

    // when
    CliRun run = CliRun.of("lint", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("invalid definition")
        .contains("dependency cycle")
        .contains("test")
        .contains("deploy")
        .doesNotContain("build");
  }

  @Test
  void shouldRejectADependencyOnAnUnknownTask() throws IOException {
    // given
    Path file =
        write(
            "unknown.json",
            "{\"id\": \"w\", \"tasks\": [{\"id\": \"a\", \"dependencies\": [\"ghost\"]}]}");

    // when
    CliRun run = CliRun.of("lint", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("depends on unknown task 'ghost'");
  }

  @Test
  void shouldRejectAFieldOfTheWrongKind() throws IOException {
    // given
    Path file = write("kind.json", "{\"id\": \"w\", \"tasks\": {\"id\": \"a\"}}");

    // when
    CliRun run = CliRun.of("lint", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("tasks must be an array");
  }

  @Test
  void shouldRejectAnEmptyFile() throws IOException {
    // given
    Path file = write("empty.json", "");

    // when
    CliRun run = CliRun.of("lint", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("empty");
  }

  @Test
  void shouldWarnOfAnUnknownFieldWithItsPathAndTheFieldItMayMean() throws IOException {
    // given: "dependencies" misspelt, and put on the workflow instead of a task
    Path file = write("typo.json", "{\"id\":\"a\",\"dependancies\":[\"b\"]}");

    // when
    CliRun run = CliRun.of("lint", file.toString());

    // then: still valid (the server ignores unknown fields), with one warning line
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("valid workflow 'a'");
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("baton lint: warning: " + file + ": unknown field $.dependancies (ignored)")
        .contains("did you mean 'dependencies'? That is a field of a task, not of the workflow");
  }

  @Test
  void shouldWarnOnceForEveryUnknownFieldAtEveryLevel() throws IOException {
    // given
    Path file =
        write(
            "typos.json",
            "{\"id\": \"w\", \"maxretries\": 2, \"owner\": \"team-a\", \"tasks\": ["
                + "{\"id\": \"build\"},"
                + "{\"id\": \"test\", \"dependecies\": [\"build\"], \"scheduling\": \"EAGER\","
                + " \"retryBackoff\": {\"initialMs\": 10, \"maxMS\": 100},"
                + " \"input\": {\"anything\": \"goes\"}}]}");

    // when
    CliRun run = CliRun.of("lint", file.toString());

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.errLines())
        .hasSize(5)
        .satisfiesExactly(
            l -> assertThat(l).contains("$.maxretries").contains("did you mean 'maxRetries'?"),
            l -> assertThat(l).contains("$.owner (ignored)").doesNotContain("did you mean"),
            l ->
                assertThat(l)
                    .contains("$.tasks[1].dependecies")
                    .contains("did you mean 'dependencies'?")
                    .contains("(task 'test')"),
            l ->
                assertThat(l)
                    .contains("$.tasks[1].scheduling")
                    .contains("'scheduling' is a field of the workflow, not of a task"),
            l -> assertThat(l).contains("$.tasks[1].retryBackoff.maxMS").contains("'maxMs'"));
  }

  @Test
  void shouldLeaveTheSchemaReferenceOfEditorsAlone() throws IOException {
    Path file =
        write("schema.json", "{\"$schema\": \"workflow-definition.schema.json\", \"id\": \"w\"}");

    CliRun run = CliRun.of("lint", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldFindTheFieldASlipWasMeantFor() {
    assertThat(DefinitionFields.closest("dependancies", DefinitionFields.TASK))
        .isEqualTo("dependencies");
    assertThat(DefinitionFields.closest("timeoutms", DefinitionFields.TASK)).isEqualTo("timeoutMs");
    assertThat(DefinitionFields.closest("priorty", DefinitionFields.TASK)).isEqualTo("priority");
    assertThat(DefinitionFields.closest("nmae", DefinitionFields.TASK)).isEqualTo("name");
    assertThat(DefinitionFields.closest("owner", DefinitionFields.TASK)).isNull();
    assertThat(DefinitionFields.closest("x", DefinitionFields.TASK)).isNull();
  }

  @Test
  void shouldWarnInSubmitTooBeforeContactingKafka() throws IOException {
    Path file = write("typo.json", "{\"id\":\"a\",\"dependancies\":[\"b\"]}");

    CliRun run = CliRun.of("submit", "-f", file.toString(), "--bootstrap-servers", "127.0.0.1:1");

    assertThat(run.errLines())
        .first()
        .asString()
        .startsWith("baton submit: warning: " + file + ": unknown field $.dependancies");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
