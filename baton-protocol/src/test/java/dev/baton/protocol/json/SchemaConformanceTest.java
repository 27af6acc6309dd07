package dev.baton.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.DagAnalysis;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.TaskCancelled;
import dev.baton.protocol.event.TaskCompleted;
import dev.baton.protocol.event.TaskDispatched;
import dev.baton.protocol.event.TaskFailed;
import dev.baton.protocol.event.TaskTimedOut;
import dev.baton.protocol.event.WorkflowCancelled;
import dev.baton.protocol.event.WorkflowCompleted;
import dev.baton.protocol.event.WorkflowCreated;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.event.WorkflowPaused;
import dev.baton.protocol.event.WorkflowResumed;
import dev.baton.protocol.event.WorkflowRetried;
import dev.baton.protocol.event.WorkflowStarted;
import dev.baton.protocol.output.DeadLetter;
import dev.baton.protocol.output.DeadLetterReason;
import dev.baton.protocol.output.TaskDispatch;
import dev.baton.protocol.output.WorkflowMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas of docs/schemas against the records Baton really writes and reads: every kind of
 * record {@link OutputWriter} writes, the examples of docs/CONTRACT.md and examples/*.json, the
 * v1.1 records the contract describes, and bad records the schemas must refuse.
 */
class SchemaConformanceTest {

  private static final String STATUS = "status-event.schema.json";
  private static final String COMMAND = "command.schema.json";
  private static final String RESULT = "task-result.schema.json";
  private static final String DEFINITION = "workflow-definition.schema.json";
  private static final String DISPATCH = "task-dispatch.schema.json";
  private static final String METRICS = "workflow-metrics.schema.json";
  private static final String DEFINITION_METRICS = "definition-metrics.schema.json";
  private static final String DEAD_LETTER = "dead-letter.schema.json";
  private static final String HTTP_ERROR = "http-error.schema.json";
  private static final String WORKFLOW_LIST = "workflow-list.schema.json";
  private static final String HISTORY = "workflow-history.schema.json";
  private static final String TASK_LIST = "task-list.schema.json";
  private static final String ACCEPTED = "command-accepted.schema.json";
  private static final String CREATE_REQUEST = "workflow-create-request.schema.json";
  private static final String INSTANCE = "workflow-instance.schema.json";

  private static final Path CONTRACT = Paths.get("docs", "CONTRACT.md");
  private static final Path EXAMPLES = Paths.get("examples");

  private static final long NOW = 1_764_340_000_000L;
  private static final String INSTANCE_ID = "i-1";
  private static final String WORKFLOW_ID = "deploy-workflow";

  /** A record, the schema it must satisfy, and what it is (for the test's name). */
  record Sample(String what, String schema, String json) {
    @Override
    public String toString() {
      return what;
    }
  }

  // --- the schema files themselves -------------------------------------------------------------

  @Test
  void shouldBeValidDraft202012SchemasWithTheirFileNameAsId() throws IOException {
    // given
    List<String> files = ContractSchemas.files();

    // then
    assertThat(files).hasSizeGreaterThanOrEqualTo(15);
    for (String file : files) {
      String text = Files.readString(ContractSchemas.directory().resolve(file));
      assertThat(ContractSchemas.metaSchema().validate(text, InputFormat.JSON))
          .as(file + " by the draft 2020-12 meta-schema")
          .isEmpty();
      JsonNode schema = Json.MAPPER.readTree(text);
      assertThat(schema.path("$schema").asText()).as(file).isEqualTo(ContractSchemas.DIALECT);
      assertThat(schema.path("$id").asText()).as(file).isEqualTo(ContractSchemas.BASE_URI + file);
      // Loading resolves every $ref, to other files too: a dangling one fails here.
      assertThat(ContractSchemas.schema(file)).as(file).isNotNull();
    }
  }

  @Test
  void shouldListEverySchemaFileInTheIndex() throws IOException {
    // given
    JsonNode index =
        Json.MAPPER.readTree(ContractSchemas.directory().resolve("index.json").toFile());

    // when
    Set<String> listed = new LinkedHashSet<>();
    index.path("schemas").forEach(entry -> listed.add(entry.path("file").asText()));

    // then
    assertThat(listed).containsExactlyInAnyOrderElementsOf(ContractSchemas.files());
    assertThat(index.path("baseUri").asText()).isEqualTo(ContractSchemas.BASE_URI);
    assertThat(index.path("contractVersion").asText()).isEqualTo(contractVersion());
  }

  @Test
  void shouldNeverRefuseUnknownFields() throws IOException {
    // The contract: unknown extra fields are ignored (forward compatibility).
    for (String file : ContractSchemas.files()) {
      JsonNode schema = Json.MAPPER.readTree(ContractSchemas.directory().resolve(file).toFile());
      assertThat(closedObjects(schema, "")).as(file).isEmpty();
    }
    for (Sample sample : Stream.concat(writtenRecords(), contractExamples()).toList()) {
      ObjectNode extended = (ObjectNode) Json.MAPPER.readTree(sample.json());
      extended.put("someFutureField", "a value no schema names").putObject("another").put("x", 1);
      ContractSchemas.assertValid(sample.schema(), extended.toString());
    }
  }

  // --- what Baton writes -----------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("writtenRecords")
  void shouldMatchEveryRecordOutputWriterWrites(Sample sample) {
    ContractSchemas.assertValid(sample.schema(), sample.json());
  }

  @Test
  void shouldHaveASampleOfEveryEventKindAndEveryReason() throws IOException {
    // given
    Set<String> types = new HashSet<>();
    Set<String> reasons = new HashSet<>();
    Set<String> deadLetterReasons = new HashSet<>();
    for (Sample sample : writtenRecords().toList()) {
      JsonNode json = Json.MAPPER.readTree(sample.json());
      if (sample.schema().equals(STATUS)) {
        types.add(json.path("type").asText());
        if (json.path("type").asText().equals("CommandRejected")) {
          reasons.add(json.path("reason").asText());
        }
      } else if (sample.schema().equals(DEAD_LETTER)) {
        deadLetterReasons.add(json.path("reason").asText());
      }
    }

    // then: a new event kind or reason in the code needs a sample here, and a schema that has it
    assertThat(types)
        .as("status event kinds with a sample")
        .containsExactlyInAnyOrderElementsOf(names(EventType.values()));
    assertThat(Event.class.getPermittedSubclasses()).hasSize(EventType.values().length);
    assertThat(reasons).containsExactlyInAnyOrderElementsOf(names(RejectionReason.values()));
    assertThat(deadLetterReasons)
        .containsExactlyInAnyOrderElementsOf(names(DeadLetterReason.values()));
  }

  static Stream<Sample> writtenRecords() {
    List<Sample> samples = new ArrayList<>();
    statusEvents().forEach((what, event) -> samples.add(written(what, event)));
    samples.add(
        new Sample(
            "dispatch with input and timeout",
            DISPATCH,
            utf8(
                OutputWriter.dispatch(
                    new TaskDispatch(
                        INSTANCE_ID,
                        WORKFLOW_ID,
                        "test",
                        "Test",
                        1,
                        "{\"suite\":\"all\"}",
                        60_000L,
                        NOW)))));
    samples.add(
        new Sample(
            "dispatch without input or timeout",
            DISPATCH,
            utf8(
                OutputWriter.dispatch(
                    new TaskDispatch(
                        INSTANCE_ID, WORKFLOW_ID, "build", "build", 3, null, null, NOW)))));
    samples.add(
        new Sample(
            "dispatch with a list as input",
            DISPATCH,
            utf8(
                OutputWriter.dispatch(
                    new TaskDispatch(
                        INSTANCE_ID, WORKFLOW_ID, "build", "Build", 1, "[1,\"two\"]", 5L, NOW)))));
    samples.add(
        new Sample(
            "metrics before start",
            METRICS,
            utf8(
                OutputWriter.metrics(
                    new WorkflowMetrics(
                        INSTANCE_ID,
                        WORKFLOW_ID,
                        WorkflowStatus.PENDING,
                        3,
                        0,
                        0,
                        0,
                        3,
                        0,
                        1.0,
                        0.0,
                        45_000,
                        null,
                        List.of("build", "test", "deploy"),
                        NOW)))));
    samples.add(
        new Sample(
            "metrics while running",
            METRICS,
            utf8(
                OutputWriter.metrics(
                    new WorkflowMetrics(
                        INSTANCE_ID,
                        WORKFLOW_ID,
                        WorkflowStatus.RUNNING,
                        3,
                        1,
                        0,
                        1,
                        1,
                        2,
                        1.0,
                        1.0 / 3,
                        35_000,
                        12_000L,
                        List.of("test", "deploy"),
                        NOW)))));
    samples.add(
        new Sample(
            "metrics of a failed instance",
            METRICS,
            utf8(
                OutputWriter.metrics(
                    new WorkflowMetrics(
                        INSTANCE_ID,
                        WORKFLOW_ID,
                        WorkflowStatus.FAILED,
                        3,
                        1,
                        1,
                        0,
                        1,
                        5,
                        0.5,
                        1.0 / 3,
                        0,
                        61_000L,
                        List.of(),
                        NOW)))));
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      samples.add(
          deadLetter(
              "dead letter " + reason,
              DeadLetter.of(
                  reason,
                  "why " + reason,
                  "baton.commands",
                  2,
                  42,
                  INSTANCE_ID,
                  "{\"type\":\"Nope\"}".getBytes(StandardCharsets.UTF_8),
                  NOW)));
    }
    samples.add(
        deadLetter(
            "dead letter without key or value",
            DeadLetter.of(
                DeadLetterReason.MISSING_KEY,
                "no key",
                "baton.task-results",
                0,
                0,
                null,
                null,
                0)));
    byte[] huge = new byte[DeadLetter.MAX_COPIED_VALUE_BYTES + 10];
    Arrays.fill(huge, (byte) '{');
    samples.add(
        deadLetter(
            "dead letter of a cut key and value",
            DeadLetter.of(
                DeadLetterReason.TOO_LARGE,
                "too large",
                "baton.commands",
                1,
                7,
                "k".repeat(DeadLetter.MAX_KEY_CHARS + 1),
                huge,
                NOW)));
    return samples.stream();
  }

  /** One status event of every kind, in every shape OutputWriter gives it. */
  private static Map<String, StatusEvent> statusEvents() {
    Map<String, StatusEvent> events = new LinkedHashMap<>();
    WorkflowDefinition definition =
        WorkflowDefinition.of(
            WORKFLOW_ID,
            List.of(
                TaskDefinition.of("build", 10_000),
                TaskDefinition.of("test", 20_000, "build"),
                TaskDefinition.of("deploy", 15_000, "test")));
    Plan plan =
        new Plan(
            List.of("build", "test", "deploy"),
            List.of(List.of("build"), List.of("test"), List.of("deploy")),
            List.of("build", "test", "deploy"),
            45_000);
    events.put(
        "WorkflowCreated",
        of(
            1,
            WorkflowStatus.PENDING,
            0.0,
            new WorkflowCreated(
                new DagAnalysis(definition, plan, Map.of(), List.of(10_000L, 20_000L, 15_000L)))));
    events.put(
        "WorkflowCreated without tasks",
        of(
            1,
            WorkflowStatus.PENDING,
            0.0,
            new WorkflowCreated(
                new DagAnalysis(
                    WorkflowDefinition.of(WORKFLOW_ID, List.of()),
                    new Plan(List.of(), List.of(), List.of(), 0),
                    Map.of(),
                    List.of()))));
    events.put("WorkflowStarted", of(2, WorkflowStatus.RUNNING, 0.0, new WorkflowStarted()));
    events.put(
        "TaskDispatched", of(3, WorkflowStatus.RUNNING, 0.0, new TaskDispatched("build", 1)));
    events.put("WorkflowPaused", of(4, WorkflowStatus.PAUSED, 0.0, new WorkflowPaused()));
    events.put(
        "TaskCompleted", of(5, WorkflowStatus.PAUSED, 0.3333, new TaskCompleted("build", 1)));
    events.put("WorkflowResumed", of(6, WorkflowStatus.RUNNING, 0.3333, new WorkflowResumed()));
    events.put(
        "TaskCompleted with an output",
        of(
            6,
            WorkflowStatus.RUNNING,
            0.6667,
            new TaskCompleted("test", 2, "{\"artifact\":\"app.jar\",\"n\":[1,2]}")));
    events.put(
        "TaskCompleted with a truncated output",
        of(
            6,
            WorkflowStatus.RUNNING,
            0.6667,
            new TaskCompleted("test", 2, "{\"truncated\":true,\"bytes\":70000}")));
    events.put(
        "WorkflowRetried",
        of(9, WorkflowStatus.RUNNING, 0.3333, new WorkflowRetried(List.of("test", "deploy"))));
    events.put(
        "WorkflowStarted caused by a command with a commandId",
        new StatusEvent(
            INSTANCE_ID,
            WORKFLOW_ID,
            2,
            NOW,
            WorkflowStatus.RUNNING,
            0.0,
            new WorkflowStarted(),
            "c-2"));
    events.put(
        "TaskFailed that will retry",
        of(
            7,
            WorkflowStatus.RUNNING,
            0.3333,
            new TaskFailed("test", 1, "3 tests failed", true, NOW + 200)));
    events.put(
        "TaskTimedOut that will retry",
        of(
            8,
            WorkflowStatus.RUNNING,
            0.3333,
            new TaskTimedOut("test", 2, "timed out after 60000 ms", true, NOW + 400)));
    events.put(
        "TaskTimedOut that ends the attempts",
        of(
            9,
            WorkflowStatus.RUNNING,
            0.3333,
            new TaskTimedOut("test", 3, "timed out after 60000 ms", false, null)));
    events.put(
        "TaskFailed that ends the attempts",
        of(
            10,
            WorkflowStatus.RUNNING,
            0.3333,
            new TaskFailed("test", 4, "no error given", false, null)));
    events.put(
        "TaskCancelled", of(11, WorkflowStatus.FAILED, 0.3333, new TaskCancelled("deploy", 1)));
    events.put(
        "WorkflowFailed",
        of(
            12,
            WorkflowStatus.FAILED,
            0.3333,
            new WorkflowFailed("task test failed after 4 attempts: no error given")));
    events.put(
        "WorkflowCancelled with a reason",
        of(5, WorkflowStatus.CANCELLED, 0.0, new WorkflowCancelled("no longer needed")));
    events.put(
        "WorkflowCancelled without a reason",
        of(5, WorkflowStatus.CANCELLED, 0.0, new WorkflowCancelled(null)));
    events.put("WorkflowCompleted", of(9, WorkflowStatus.COMPLETED, 1.0, new WorkflowCompleted()));
    for (RejectionReason reason : RejectionReason.values()) {
      if (reason != RejectionReason.UNKNOWN_INSTANCE) {
        events.put(
            "CommandRejected " + reason + " of an instance",
            of(
                13,
                WorkflowStatus.FAILED,
                0.3333,
                new CommandRejected("TaskCompleted", reason, "refused: " + reason)));
      }
    }
    for (RejectionReason reason :
        List.of(RejectionReason.UNKNOWN_INSTANCE, RejectionReason.INVALID_DEFINITION)) {
      events.put(
          "CommandRejected " + reason + " without an instance",
          new StatusEvent(
              "i-unknown",
              null,
              0,
              NOW,
              null,
              null,
              new CommandRejected("StartWorkflow", reason, "no instance 'i-unknown'")));
    }
    return events;
  }

  private static StatusEvent of(long seq, WorkflowStatus status, double progress, Event event) {
    return new StatusEvent(INSTANCE_ID, WORKFLOW_ID, seq, NOW, status, progress, event);
  }

  private static Sample written(String what, StatusEvent event) {
    return new Sample(what, STATUS, utf8(OutputWriter.statusEvent(event)));
  }

  private static Sample deadLetter(String what, DeadLetter letter) {
    return new Sample(what, DEAD_LETTER, utf8(OutputWriter.deadLetter(letter)));
  }

  // --- the contract's own examples -------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractExamples")
  void shouldMatchTheContractsExamples(Sample sample) {
    ContractSchemas.assertValid(sample.schema(), sample.json());
  }

  @Test
  void shouldFindEveryExampleOfTheContract() {
    // The contract's json blocks: a definition, six commands, two results, a dispatch, the common
    // fields of a status event, a metrics snapshot and a dead letter.
    assertThat(contractExamples().map(Sample::schema))
        .hasSizeGreaterThanOrEqualTo(13)
        .contains(DEFINITION, COMMAND, RESULT, DISPATCH, METRICS, DEAD_LETTER);
  }

  /**
   * Every object in a json block of docs/CONTRACT.md, with the schema of the section it is in. The
   * CreateWorkflow example's {@code "definition": { ... }} is given the contract's definition
   * example.
   */
  static Stream<Sample> contractExamples() {
    List<Sample> samples = new ArrayList<>();
    String heading = "";
    String definition = null;
    StringBuilder block = null;
    for (String line : contractLines()) {
      if (block == null && line.startsWith("## ")) {
        heading = line.substring(3);
      } else if (block == null && line.equals("```json")) {
        block = new StringBuilder();
      } else if (block != null && line.equals("```")) {
        String schema = schemaOfSection(heading);
        String text = block.toString();
        if (definition != null) {
          text = text.replace("{ ... }", definition);
        }
        if (schema.equals(DEFINITION) && definition == null) {
          definition = text;
        }
        int n = 0;
        try (MappingIterator<JsonNode> values =
            Json.MAPPER.readerFor(JsonNode.class).readValues(text)) {
          while (values.hasNext()) {
            JsonNode value = values.next();
            n++;
            samples.add(
                new Sample(
                    heading + " #" + n + " " + value.path("type").asText(""),
                    schema,
                    value.toString()));
          }
        } catch (IOException e) {
          throw new AssertionError("a json block under '" + heading + "' is not JSON", e);
        }
        block = null;
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    return samples.stream();
  }

  private static String schemaOfSection(String heading) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("Workflow definition", DEFINITION);
    sections.put("Commands", COMMAND);
    sections.put("Task results", RESULT);
    sections.put("Task dispatch", DISPATCH);
    // The section's example shows only the fields every status event has.
    sections.put("Status events", STATUS + "#/$defs/Envelope");
    sections.put("Metrics", METRICS);
    sections.put("Dead letters", DEAD_LETTER);
    return sections.entrySet().stream()
        .filter(e -> heading.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no schema for the json examples under '" + heading + "'"));
  }

  @Test
  void shouldNameWhatTheContractNames() throws IOException {
    // given
    String contract = String.join("\n", contractLines());
    JsonNode statusSchema = schemaNode(STATUS);
    JsonNode common = schemaNode("common.schema.json").path("$defs");

    // then: the status event types of the contract's table, and no other
    assertThat(strings(statusSchema.path("properties").path("type").path("enum")))
        .containsExactlyInAnyOrderElementsOf(statusTableTypes());
    assertThat(strings(statusSchema.path("properties").path("type").path("enum")))
        .containsAll(names(EventType.values()));
    // the reason codes, as the contract lists them and as Baton has them
    List<String> contractReasons =
        codes(paragraph(contract, "`CommandRejected` reason codes:"), "[A-Z][A-Z_]+");
    assertThat(strings(common.path("rejectionReason").path("enum")))
        .containsExactlyInAnyOrderElementsOf(contractReasons)
        .containsExactlyInAnyOrderElementsOf(names(RejectionReason.values()));
    List<String> deadLetterReasons =
        strings(schemaNode(DEAD_LETTER).path("properties").path("reason").path("enum"));
    assertThat(deadLetterReasons)
        .containsAll(codes(paragraph(contract, "Reason codes, checked in this order"), "[A-Z_]+"))
        .containsExactlyInAnyOrderElementsOf(names(DeadLetterReason.values()));
    assertThat(strings(common.path("workflowStatus").path("enum")))
        .containsExactlyInAnyOrderElementsOf(names(WorkflowStatus.values()));
    assertThat(strings(common.path("taskStatus").path("enum")))
        .containsExactlyInAnyOrderElementsOf(names(TaskStatus.values()));
    // the fields the contract lists for records it shows only as field lists
    List<String> definitionMetrics = new ArrayList<>(List.of("type"));
    definitionMetrics.addAll(quoted(after(contract, "{\"type\": \"DefinitionMetrics\"", "}`")));
    assertThat(strings(schemaNode(DEFINITION_METRICS).path("required")))
        .containsExactlyInAnyOrderElementsOf(definitionMetrics);
    assertThat(strings(schemaNode(WORKFLOW_LIST).path("$defs").path("summary").path("required")))
        .containsExactlyInAnyOrderElementsOf(
            quoted(after(after(contract, "`GET /workflows?", "\n"), "each `{", "}`")));
    assertThat(strings(schemaNode(TASK_LIST).path("$defs").path("task").path("required")))
        .containsExactlyInAnyOrderElementsOf(
            quoted(after(after(contract, "`GET /workflows/{id}/tasks?", "\n"), "each `{", "}`")));
  }

  // --- examples/ -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleDefinitions")
  void shouldMatchEveryExampleDefinition(Path file) throws IOException {
    // given
    String definition = Files.readString(file);

    // then: as a definition, and embedded in a command and a POST /workflows body
    ContractSchemas.assertValid(DEFINITION, definition);
    ContractSchemas.assertValid(
        COMMAND,
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"start\":true,\"definition\":"
            + definition
            + "}");
    ContractSchemas.assertValid(CREATE_REQUEST, "{\"definition\":" + definition + "}");
    assertThat(DefinitionReader.read(definition).problem()).isNull();
  }

  static Stream<Path> exampleDefinitions() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> found =
          files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList());
      assertThat(found).isNotEmpty();
      return found.stream();
    }
  }

  // --- v1.1 records and the HTTP API -----------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("describedRecords")
  void shouldMatchTheRecordsTheContractDescribes(Sample sample) {
    ContractSchemas.assertValid(sample.schema(), sample.json());
  }

  /** Records of v1.1 written by hand from the contract's text. */
  static Stream<Sample> describedRecords() {
    String rejected =
        "{\"type\":\"CommandRejected\",\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"seq\":9,"
            + "\"timestamp\":5,\"status\":\"COMPLETED\",\"progress\":1.0,\"command\":\"PauseWorkflow\","
            + "\"reason\":\"INVALID_TRANSITION\",\"message\":\"COMPLETED cannot be paused\"}";
    String unknown =
        "{\"type\":\"CommandRejected\",\"instanceId\":\"i-9\",\"seq\":0,\"timestamp\":5,"
            + "\"status\":null,\"progress\":null,\"command\":\"RetryWorkflow\","
            + "\"reason\":\"UNKNOWN_INSTANCE\",\"message\":\"no instance 'i-9'\"}";
    return Stream.of(
        new Sample(
            "RetryWorkflow command",
            COMMAND,
            "{\"type\":\"RetryWorkflow\",\"instanceId\":\"i-1\"}"),
        new Sample(
            "command with null optionals",
            COMMAND,
            "{\"type\":\"CancelWorkflow\",\"instanceId\":\"i-1\",\"commandId\":null,\"reason\":null}"),
        new Sample(
            "TaskCompleted result without output",
            RESULT,
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":1}"),
        new Sample(
            "TaskCompleted result with a string output",
            RESULT,
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":1,"
                + "\"output\":\"done\"}"),
        new Sample(
            "TaskFailed result without error or retryable",
            RESULT,
            "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":2}"),
        new Sample(
            "WorkflowRetried event",
            STATUS,
            "{\"type\":\"WorkflowRetried\",\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"seq\":14,"
                + "\"timestamp\":5,\"status\":\"RUNNING\",\"progress\":0.5,\"commandId\":\"c-9\","
                + "\"retriedTasks\":[\"test\",\"deploy\"]}"),
        new Sample(
            "TaskCompleted event with output",
            STATUS,
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"seq\":5,"
                + "\"timestamp\":5,\"status\":\"RUNNING\",\"progress\":0.5,\"taskId\":\"build\","
                + "\"attempt\":1,\"output\":{\"artifact\":\"app.jar\"}}"),
        new Sample(
            "TaskCompleted event with a cut output",
            STATUS,
            "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"seq\":5,"
                + "\"timestamp\":5,\"status\":\"RUNNING\",\"progress\":0.5,\"taskId\":\"build\","
                + "\"attempt\":1,\"output\":{\"truncated\":true,\"bytes\":70000}}"),
        new Sample(
            "WorkflowStarted event with its commandId",
            STATUS,
            "{\"type\":\"WorkflowStarted\",\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"seq\":2,"
                + "\"timestamp\":5,\"status\":\"RUNNING\",\"progress\":0.0,\"commandId\":\"c-2\"}"),
        new Sample("CommandRejected with null status and progress", STATUS, unknown),
        new Sample(
            "DefinitionMetrics",
            DEFINITION_METRICS,
            "{\"type\":\"DefinitionMetrics\",\"workflowId\":\"w\",\"windowStart\":1764339960000,"
                + "\"windowEnd\":1764340020000,\"started\":4,\"completed\":2,\"failed\":1,"
                + "\"cancelled\":0,\"running\":3,\"taskAttempts\":12,\"taskFailures\":2,"
                + "\"workflowDurationMsP50\":4100,\"workflowDurationMsP95\":6100.5,"
                + "\"timestamp\":1764340000000}"),
        new Sample(
            "DefinitionMetrics of a window where nothing completed",
            DEFINITION_METRICS,
            "{\"type\":\"DefinitionMetrics\",\"workflowId\":\"w\",\"windowStart\":0,"
                + "\"windowEnd\":60000,\"started\":1,\"completed\":0,\"failed\":0,\"cancelled\":0,"
                + "\"running\":1,\"taskAttempts\":1,\"taskFailures\":0,"
                + "\"workflowDurationMsP50\":null,\"workflowDurationMsP95\":null,\"timestamp\":10}"),
        new Sample(
            "404 error", HTTP_ERROR, "{\"error\":\"NOT_FOUND\",\"message\":\"No instance 'x'\"}"),
        new Sample(
            "409 error with the rejection",
            HTTP_ERROR,
            "{\"error\":\"INVALID_TRANSITION\",\"message\":\"COMPLETED cannot be paused\","
                + "\"event\":"
                + rejected
                + "}"),
        new Sample(
            "409 error for an unknown instance",
            HTTP_ERROR,
            "{\"error\":\"UNKNOWN_INSTANCE\",\"message\":\"no instance 'i-9'\",\"event\":"
                + unknown
                + "}"),
        new Sample("command accepted", ACCEPTED, "{\"instanceId\":\"i-1\",\"commandId\":\"c-1\"}"),
        new Sample(
            "POST /workflows body",
            CREATE_REQUEST,
            "{\"definition\":{\"id\":\"w\",\"tasks\":[]},\"instanceId\":null,\"start\":true}"),
        new Sample(
            "workflow list page",
            WORKFLOW_LIST,
            "{\"items\":[{\"instanceId\":\"i-2\",\"workflowId\":\"w\",\"status\":\"PENDING\","
                + "\"progress\":0.0,\"totalTasks\":3,\"completedTasks\":0,\"failedTasks\":0,"
                + "\"createdAt\":9,\"startedAt\":null,\"endedAt\":null},"
                + "{\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"status\":\"COMPLETED\","
                + "\"progress\":1.0,\"totalTasks\":3,\"completedTasks\":3,\"failedTasks\":0,"
                + "\"createdAt\":1,\"startedAt\":2,\"endedAt\":8}],\"next\":\"b3BhcXVl\"}"),
        new Sample("empty last page", WORKFLOW_LIST, "{\"items\":[],\"next\":null}"),
        new Sample("history page", HISTORY, history()),
        new Sample(
            "task page",
            TASK_LIST,
            "{\"items\":[{\"taskId\":\"build\",\"name\":\"Build\",\"status\":\"COMPLETED\","
                + "\"attempt\":1,\"dispatchedAt\":3,\"completedAt\":5,\"error\":null,"
                + "\"output\":{\"artifact\":\"app.jar\"},\"dependencies\":[],\"group\":0},"
                + "{\"taskId\":\"test\",\"name\":\"Test\",\"status\":\"WAITING\",\"attempt\":0,"
                + "\"dispatchedAt\":null,\"completedAt\":null,\"error\":null,\"output\":null,"
                + "\"dependencies\":[\"build\"],\"group\":1}],\"next\":null}"),
        new Sample(
            "instance",
            INSTANCE,
            "{\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"status\":\"RUNNING\",\"progress\":0.5,"
                + "\"metrics\":"
                + writtenRecords()
                    .filter(s -> s.what().equals("metrics while running"))
                    .findFirst()
                    .orElseThrow()
                    .json()
                + ",\"plan\":{\"executionOrder\":[\"a\"],\"parallelGroups\":[[\"a\"]],"
                + "\"criticalPath\":[\"a\"],\"estimatedTotalTimeMs\":0},"
                + "\"definition\":{\"id\":\"w\",\"tasks\":[{\"id\":\"a\"}]}}"));
  }

  /** A history page of every status event OutputWriter writes for an instance. */
  private static String history() {
    String events =
        statusEvents().values().stream()
            .filter(e -> e.seq() > 0)
            .map(e -> utf8(OutputWriter.statusEvent(e)))
            .collect(Collectors.joining(","));
    return "{\"instanceId\":\"i-1\",\"events\":[" + events + "],\"next\":13}";
  }

  // --- what the schemas refuse -----------------------------------------------------------------

  /** A valid record made invalid in one way. */
  record Broken(String what, String schema, String valid, Consumer<ObjectNode> breaking) {
    @Override
    public String toString() {
      return what;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRecords")
  void shouldRefuseABrokenRecord(Broken broken) throws IOException {
    // given: a record that is valid as it is
    ContractSchemas.assertValid(broken.schema(), broken.valid());
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(broken.valid());

    // when
    broken.breaking().accept(json);

    // then
    assertThat(ContractSchemas.problems(broken.schema(), json.toString()))
        .as(broken.what() + ": " + json)
        .isNotEmpty();
  }

  static Stream<Broken> brokenRecords() {
    String started = written("", of(2, WorkflowStatus.RUNNING, 0.0, new WorkflowStarted())).json();
    String failed =
        written("", of(7, WorkflowStatus.RUNNING, 0.5, new TaskFailed("t", 1, "e", true, 9L)))
            .json();
    String notFailed =
        written("", of(7, WorkflowStatus.RUNNING, 0.5, new TaskFailed("t", 1, "e", false, null)))
            .json();
    String created = contractSample(DEFINITION);
    String unknown =
        written(
                "",
                new StatusEvent(
                    "i-9",
                    null,
                    0,
                    NOW,
                    null,
                    null,
                    new CommandRejected(
                        "StartWorkflow", RejectionReason.UNKNOWN_INSTANCE, "no instance")))
            .json();
    String letter =
        deadLetter(
                "",
                DeadLetter.of(
                    DeadLetterReason.MALFORMED_JSON,
                    "m",
                    "baton.commands",
                    0,
                    1,
                    "k",
                    new byte[1],
                    2))
            .json();
    String start = "{\"type\":\"StartWorkflow\",\"instanceId\":\"i-1\",\"commandId\":\"c-1\"}";
    String create =
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":" + created + "}";
    String result =
        "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":1}";
    String dispatch = writtenSample("dispatch with input and timeout");
    String metrics = writtenSample("metrics while running");
    return Stream.of(
        new Broken("status event without seq", STATUS, started, j -> j.remove("seq")),
        new Broken("status event with seq 0", STATUS, started, j -> j.put("seq", 0)),
        new Broken("status event without status", STATUS, started, j -> j.remove("status")),
        new Broken("status event with progress 1.5", STATUS, started, j -> j.put("progress", 1.5)),
        new Broken("status event of an unknown type", STATUS, started, j -> j.put("type", "Nope")),
        new Broken("status event without instanceId", STATUS, started, j -> j.remove("instanceId")),
        new Broken("retrying TaskFailed without retryAt", STATUS, failed, j -> j.remove("retryAt")),
        new Broken("TaskFailed without willRetry", STATUS, failed, j -> j.remove("willRetry")),
        new Broken(
            "final TaskFailed with a retryAt", STATUS, notFailed, j -> j.put("retryAt", 12L)),
        new Broken("TaskFailed without taskId", STATUS, notFailed, j -> j.remove("taskId")),
        new Broken("TaskFailed of attempt 0", STATUS, notFailed, j -> j.put("attempt", 0)),
        new Broken(
            "seq 0 rejection with a status", STATUS, unknown, j -> j.put("status", "RUNNING")),
        new Broken(
            "seq 0 rejection for an existing instance",
            STATUS,
            unknown,
            j -> j.put("reason", "INVALID_TRANSITION")),
        new Broken(
            "rejection with an unknown reason", STATUS, unknown, j -> j.put("reason", "NOPE")),
        new Broken("rejection of an unknown command", STATUS, unknown, j -> j.put("command", "Go")),
        new Broken("command with a bad id", COMMAND, start, j -> j.put("instanceId", "i 1")),
        new Broken(
            "command with a 129 character id",
            COMMAND,
            start,
            j -> j.put("instanceId", "i".repeat(129))),
        new Broken("command with an empty commandId", COMMAND, start, j -> j.put("commandId", "")),
        new Broken("command of an unknown type", COMMAND, start, j -> j.put("type", "GoWorkflow")),
        new Broken("command without type", COMMAND, start, j -> j.remove("type")),
        new Broken(
            "CreateWorkflow without definition", COMMAND, create, j -> j.remove("definition")),
        new Broken(
            "CreateWorkflow with a bad workflow id",
            COMMAND,
            create,
            j -> ((ObjectNode) j.get("definition")).put("id", "no spaces")),
        new Broken("CreateWorkflow with start 'yes'", COMMAND, create, j -> j.put("start", "yes")),
        new Broken(
            "definition with a negative duration",
            DEFINITION,
            created,
            j -> task(j, 0).put("estimatedDurationMs", -1)),
        new Broken(
            "definition with a task without id", DEFINITION, created, j -> task(j, 0).remove("id")),
        new Broken(
            "definition with a dependency twice",
            DEFINITION,
            created,
            j -> task(j, 1).putArray("dependencies").add("build").add("build")),
        new Broken(
            "definition with a zero timeout",
            DEFINITION,
            created,
            j -> task(j, 1).put("timeoutMs", 0)),
        new Broken(
            "definition with a backoff multiplier below 1",
            DEFINITION,
            created,
            j -> task(j, 1).putObject("retryBackoff").put("multiplier", 0.5)),
        new Broken(
            "definition with scheduling LAZY",
            DEFINITION,
            created,
            j -> j.put("scheduling", "LAZY")),
        new Broken(
            "definition with negative maxRetries",
            DEFINITION,
            created,
            j -> j.put("maxRetries", -1)),
        new Broken("result of attempt 0", RESULT, result, j -> j.put("attempt", 0)),
        new Broken("result with attempt '1'", RESULT, result, j -> j.put("attempt", "1")),
        new Broken("result without taskId", RESULT, result, j -> j.remove("taskId")),
        new Broken("result of an unknown type", RESULT, result, j -> j.put("type", "TaskDone")),
        new Broken(
            "TaskFailed result with retryable 'no'",
            RESULT,
            result,
            j -> j.put("type", "TaskFailed").put("retryable", "no")),
        new Broken(
            "dead letter with an unknown reason",
            DEAD_LETTER,
            letter,
            j -> j.put("reason", "OOPS")),
        new Broken("dead letter without offset", DEAD_LETTER, letter, j -> j.remove("offset")),
        new Broken(
            "dead letter with valueBytes 'x'", DEAD_LETTER, letter, j -> j.put("valueBytes", "x")),
        new Broken("dispatch without attempt", DISPATCH, dispatch, j -> j.remove("attempt")),
        new Broken("dispatch without input", DISPATCH, dispatch, j -> j.remove("input")),
        new Broken(
            "metrics without actualDurationMs",
            METRICS,
            metrics,
            j -> j.remove("actualDurationMs")),
        new Broken("metrics with a negative count", METRICS, metrics, j -> j.put("retries", -1)),
        new Broken(
            "409 whose error is not the event's kind of code",
            HTTP_ERROR,
            "{\"error\":\"NOT_FOUND\",\"message\":\"m\"}",
            j -> j.set("event", readTree(unknown))),
        new Broken(
            "list item with startedAt left out",
            WORKFLOW_LIST,
            "{\"items\":[{\"instanceId\":\"i-2\",\"workflowId\":\"w\",\"status\":\"PENDING\","
                + "\"progress\":0.0,\"totalTasks\":3,\"completedTasks\":0,\"failedTasks\":0,"
                + "\"createdAt\":9,\"startedAt\":null,\"endedAt\":null}],\"next\":null}",
            j -> ((ObjectNode) j.get("items").get(0)).remove("startedAt")),
        new Broken("history without next", HISTORY, history(), j -> j.remove("next")),
        new Broken(
            "history with an event without seq",
            HISTORY,
            history(),
            j -> ((ObjectNode) j.get("events").get(0)).remove("seq")));
  }

  @Test
  void shouldExplainAProblemByTheRecordsOwnType() {
    // given: a retrying TaskFailed without its retryAt
    String json =
        "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"workflowId\":\"w\",\"seq\":3,"
            + "\"timestamp\":5,\"status\":\"RUNNING\",\"progress\":0.0,\"taskId\":\"a\","
            + "\"attempt\":1,\"error\":\"e\",\"willRetry\":true}";

    // when
    List<String> problems = ContractSchemas.problems(STATUS, json);

    // then: why it is no good TaskFailed, not why it is none of the other types
    assertThat(problems).singleElement().asString().contains("TaskFailed", "retryAt");
    assertThat(ContractSchemas.problems(STATUS, "{\"type\":"))
        .singleElement()
        .asString()
        .startsWith("not JSON");
  }

  private static ObjectNode task(ObjectNode definition, int index) {
    return (ObjectNode) definition.get("tasks").get(index);
  }

  // --- the schemas and InputParser agree -------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void shouldRefuseWhatInputParserRefuses(Sample sample) throws IOException {
    // given
    JsonNode json = Json.MAPPER.readTree(sample.json());
    String key = json.path("instanceId").isTextual() ? json.path("instanceId").asText() : "i-1";
    InputParser.Source source =
        sample.schema().equals(COMMAND)
            ? InputParser.Source.COMMANDS
            : InputParser.Source.TASK_RESULTS;

    // when
    ParseOutcome outcome =
        new InputParser(1_000_000)
            .parse(source, key, sample.json().getBytes(StandardCharsets.UTF_8));
    boolean accepted =
        outcome instanceof ParseOutcome.Parsed parsed
            && !(parsed.input() instanceof dev.baton.protocol.input.CreateWorkflow create
                && create.definitionProblem() != null);

    // then
    assertThat(ContractSchemas.problems(sample.schema(), sample.json()).isEmpty())
        .as("valid by the schema, as " + outcome)
        .isEqualTo(accepted);
  }

  /** Inputs InputParser reads or dead-letters. */
  static Stream<Sample> inputs() {
    String definition = contractSample(DEFINITION);
    List<Sample> inputs = new ArrayList<>();
    contractExamples()
        .filter(s -> s.schema().equals(COMMAND) || s.schema().equals(RESULT))
        .forEach(inputs::add);
    Map<String, String> commands = new LinkedHashMap<>();
    commands.put("no type", "{\"instanceId\":\"i-1\"}");
    commands.put("a type of results", "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\"}");
    commands.put("no instanceId", "{\"type\":\"StartWorkflow\"}");
    commands.put("a null instanceId", "{\"type\":\"StartWorkflow\",\"instanceId\":null}");
    commands.put("a number as instanceId", "{\"type\":\"StartWorkflow\",\"instanceId\":7}");
    commands.put("a bad instanceId", "{\"type\":\"StartWorkflow\",\"instanceId\":\"a/b\"}");
    commands.put(
        "a commandId of 256 characters",
        "{\"type\":\"PauseWorkflow\",\"instanceId\":\"i-1\",\"commandId\":\""
            + "c".repeat(256)
            + "\"}");
    commands.put(
        "a commandId of 257 characters",
        "{\"type\":\"PauseWorkflow\",\"instanceId\":\"i-1\",\"commandId\":\""
            + "c".repeat(257)
            + "\"}");
    commands.put(
        "a number as commandId",
        "{\"type\":\"PauseWorkflow\",\"instanceId\":\"i-1\",\"commandId\":1}");
    commands.put(
        "a null reason", "{\"type\":\"CancelWorkflow\",\"instanceId\":\"i-1\",\"reason\":null}");
    commands.put(
        "a number as reason", "{\"type\":\"CancelWorkflow\",\"instanceId\":\"i-1\",\"reason\":5}");
    commands.put("no definition", "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\"}");
    commands.put(
        "a string as definition",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":\"x\"}");
    commands.put(
        "start 'yes'",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"start\":\"yes\",\"definition\":"
            + definition
            + "}");
    commands.put(
        "a definition without tasks",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"id\":\"w\"}}");
    commands.put(
        "a definition without id",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"tasks\":[]}}");
    commands.put(
        "a definition with a string as tasks",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"id\":\"w\",\"tasks\":\"a\"}}");
    commands.put(
        "a definition with a null task",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"id\":\"w\",\"tasks\":[null]}}");
    commands.put(
        "a definition with a string as duration",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"id\":\"w\","
            + "\"tasks\":[{\"id\":\"a\",\"estimatedDurationMs\":\"10\"}]}}");
    commands.put(
        "a definition with null fields",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"id\":\"w\","
            + "\"name\":null,\"timeoutMs\":null,\"scheduling\":null,\"tasks\":[{\"id\":\"a\","
            + "\"dependencies\":null,\"retryBackoff\":null,\"input\":null}]}}");
    commands.put(
        "a definition with a number as backoff",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"id\":\"w\","
            + "\"tasks\":[{\"id\":\"a\",\"retryBackoff\":5}]}}");
    commands.put(
        "a definition with scheduling LAZY",
        "{\"type\":\"CreateWorkflow\",\"instanceId\":\"i-1\",\"definition\":{\"id\":\"w\","
            + "\"scheduling\":\"LAZY\"}}");
    commands.forEach((what, json) -> inputs.add(new Sample("command with " + what, COMMAND, json)));
    Map<String, String> results = new LinkedHashMap<>();
    results.put("a command type", "{\"type\":\"StartWorkflow\",\"instanceId\":\"i-1\"}");
    results.put(
        "no attempt", "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\"}");
    results.put(
        "attempt 0",
        "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":0}");
    results.put(
        "attempt '1'",
        "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":\"1\"}");
    results.put(
        "an attempt beyond int",
        "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":2147483648}");
    results.put("no taskId", "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"attempt\":1}");
    results.put(
        "a bad taskId",
        "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"taskId\":\"\",\"attempt\":1}");
    results.put(
        "a null output",
        "{\"type\":\"TaskCompleted\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":1,\"output\":null}");
    results.put(
        "retryable 'no'",
        "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":1,\"retryable\":\"no\"}");
    results.put(
        "retryable false",
        "{\"type\":\"TaskFailed\",\"instanceId\":\"i-1\",\"taskId\":\"a\",\"attempt\":1,\"retryable\":false}");
    results.forEach((what, json) -> inputs.add(new Sample("result with " + what, RESULT, json)));
    return inputs.stream();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static List<String> contractLines() {
    try {
      return Files.readAllLines(CONTRACT);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + CONTRACT.toAbsolutePath(), e);
    }
  }

  private static String contractVersion() {
    Matcher m = Pattern.compile("\\(v(\\d+\\.\\d+)\\)").matcher(contractLines().get(0));
    assertThat(m.find()).as("the contract's title names its version").isTrue();
    return m.group(1);
  }

  /** The status event types in the first column of the contract's table. */
  private static List<String> statusTableTypes() {
    List<String> types = new ArrayList<>();
    boolean inSection = false;
    for (String line : contractLines()) {
      if (line.startsWith("## ")) {
        inSection = line.startsWith("## Status events");
      } else if (inSection && line.startsWith("| `")) {
        types.addAll(codes(line.substring(0, line.indexOf('|', 1)), "[A-Za-z]+"));
      }
    }
    assertThat(types).as("the contract's status event table").isNotEmpty();
    return types;
  }

  /** The paragraph of {@code text} that starts with {@code start}. */
  private static String paragraph(String text, String start) {
    int from = text.indexOf(start);
    assertThat(from).as("the contract has '" + start + "'").isNotNegative();
    int to = text.indexOf("\n\n", from);
    return text.substring(from + start.length(), to < 0 ? text.length() : to);
  }

  /** What {@code text} has after {@code start}, up to {@code end}. */
  private static String after(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("the contract has '" + start + "'").isNotNegative();
    int to = text.indexOf(end, from + start.length());
    return text.substring(from + start.length(), to);
  }

  /** The backquoted words of {@code text} that match {@code word}, each once. */
  private static List<String> codes(String text, String word) {
    Set<String> codes = new LinkedHashSet<>();
    Matcher m = Pattern.compile("`(" + word + ")`").matcher(text);
    while (m.find()) {
      codes.add(m.group(1));
    }
    return new ArrayList<>(codes);
  }

  /** The double-quoted words of {@code text}. */
  private static List<String> quoted(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\"([A-Za-z0-9]+)\"").matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String contractSample(String schema) {
    return contractExamples()
        .filter(s -> s.schema().equals(schema))
        .findFirst()
        .orElseThrow()
        .json();
  }

  private static String writtenSample(String what) {
    return writtenRecords().filter(s -> s.what().equals(what)).findFirst().orElseThrow().json();
  }

  private static JsonNode schemaNode(String file) throws IOException {
    return Json.MAPPER.readTree(ContractSchemas.directory().resolve(file).toFile());
  }

  private static JsonNode readTree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Where a schema says additionalProperties or unevaluatedProperties false. */
  private static List<String> closedObjects(JsonNode node, String path) {
    List<String> found = new ArrayList<>();
    if (node.isObject()) {
      for (String keyword : List.of("additionalProperties", "unevaluatedProperties")) {
        if (node.path(keyword).isBoolean() && !node.path(keyword).booleanValue()) {
          found.add(path + "/" + keyword);
        }
      }
      node.fields()
          .forEachRemaining(
              f -> found.addAll(closedObjects(f.getValue(), path + "/" + f.getKey())));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        found.addAll(closedObjects(node.get(i), path + "/" + i));
      }
    }
    return found;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toList());
  }

  private static String utf8(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
