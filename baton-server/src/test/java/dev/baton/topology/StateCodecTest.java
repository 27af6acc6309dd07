package dev.baton.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.domain.LifecycleCause;
import dev.baton.domain.Transition;
import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.CommandSeen;
import dev.baton.engine.state.DefinitionEntry;
import dev.baton.engine.state.GroupEntry;
import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.IndexHead;
import dev.baton.engine.state.InlineTask;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.ListEntry;
import dev.baton.engine.state.PlanEntry;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.TimerEntry;
import dev.baton.engine.state.TimerKind;
import dev.baton.engine.state.TimerWatermark;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.RetryBackoff;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The binary state codec: every field of every value survives a round trip (seeded random values:
 * nulls, empty lists, long strings, unicode, extreme numbers), and the JSON that earlier versions
 * wrote is still read.
 */
class StateCodecTest {

  /** Compares values field by field, nulls and empty lists included, by their public fields. */
  private static final ObjectMapper TREES =
      JsonMapper.builder()
          .visibility(
              com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
              com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.PUBLIC_ONLY)
          .build();

  private static final long SEED = 0x5EED_BA70L;
  private static final int SAMPLES = 300;

  // ---------------------------------------------------------------- round trips, every field

  @Test
  void instancesRoundTripOverEveryField() {
    Random random = new Random(SEED);
    for (int i = 0; i < SAMPLES; i++) {
      InstanceState original = randomInstance(random);
      byte[] bytes = StateCodec.encodeInstance(original);
      assertThat(bytes[0])
          .isEqualTo(
              original.frontier.isEmpty() && original.ready.isEmpty()
                  ? StateCodec.VERSION
                  : StateCodec.VERSION_INLINE_TASKS);
      assertSame(original, StateCodec.decodeInstance(bytes), "sample " + i);
    }
  }

  @Test
  void entriesOfEveryKindRoundTripOverEveryField() {
    Random random = new Random(SEED + 1);
    Set<Class<?>> kinds = new HashSet<>();
    for (int i = 0; i < SAMPLES; i++) {
      for (StoredEntry original : randomEntries(random)) {
        kinds.add(original.getClass());
        byte[] bytes = StateCodec.encodeEntry(original);
        assertThat(bytes[0]).isEqualTo(StateCodec.VERSION);
        StoredEntry decoded = StateCodec.decodeEntry(bytes);
        assertThat(decoded).hasSameClassAs(original);
        assertSame(original, decoded, "sample " + i + " " + original.getClass().getSimpleName());
      }
    }
    assertThat(kinds).containsExactlyInAnyOrder(StoredEntry.class.getPermittedSubclasses());
  }

  /**
   * A field added to the header or a task must be added to the codec (and to the generators here):
   * this fails until the list below names it.
   */
  @Test
  void theCodecKnowsEveryFieldOfTheMutableState() {
    assertThat(publicFields(InstanceState.class))
        .containsExactlyInAnyOrder(
            "instanceId",
            "workflowId",
            "status",
            "seq",
            "createdAt",
            "startedAt",
            "endedAt",
            "totalTasks",
            "completedTasks",
            "failedTasks",
            "runningTasks",
            "cancelledTasks",
            "retries",
            "scheduling",
            "allowParallel",
            "timeoutMs",
            "groupCount",
            "currentGroup",
            "groupRemaining",
            "suffixAfterCurrentGroupMs",
            "remainingEstimateMs",
            "estimatedTotalTimeMs",
            "remainingCriticalPath",
            "activeTaskId",
            "history",
            "readyHead",
            "tailHead",
            "estimateHead",
            "ready",
            "frontier",
            "error",
            "cancelReason",
            "timeoutAt",
            "timeoutRemainingMs",
            "timerKey");
    assertThat(publicFields(TaskState.class))
        .containsExactlyInAnyOrder(
            "taskId",
            "name",
            "estimatedDurationMs",
            "dependents",
            "priority",
            "attemptsAllowed",
            "attemptBudget",
            "timeoutMs",
            "retryBackoff",
            "inputJson",
            "orderIndex",
            "group",
            "tailMs",
            "criticalNext",
            "pendingDependencies",
            "heldAtBarrier",
            "status",
            "attempt",
            "firstDispatchedAt",
            "dispatchedAt",
            "completedAt",
            "retryAt",
            "error",
            "outputJson",
            "timerKey",
            "outcomes");
    assertThat(publicFields(IndexHead.class)).containsExactlyInAnyOrder("count", "head", "floor");
    assertThat(StoredEntry.class.getPermittedSubclasses()).hasSize(9);
  }

  private static List<String> publicFields(Class<?> type) {
    return Arrays.stream(type.getDeclaredFields())
        .filter(f -> Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers()))
        .map(Field::getName)
        .collect(Collectors.toList());
  }

  @Test
  void everyEnumConstantHasACode() {
    assertThat(StateCodec.WORKFLOW_STATUSES).containsExactlyInAnyOrder(WorkflowStatus.values());
    assertThat(StateCodec.TASK_STATUSES).containsExactlyInAnyOrder(TaskStatus.values());
    assertThat(StateCodec.SCHEDULINGS).containsExactlyInAnyOrder(Scheduling.values());
    assertThat(StateCodec.CAUSES).containsExactlyInAnyOrder(LifecycleCause.values());
    assertThat(StateCodec.OUTCOMES).containsExactlyInAnyOrder(AttemptOutcome.values());
    assertThat(StateCodec.TIMER_KINDS).containsExactlyInAnyOrder(TimerKind.values());
  }

  // ---------------------------------------------------------------- the JSON of earlier versions

  @Test
  void readsTheJsonEncodingOfEveryEntryKind() {
    Random random = new Random(SEED + 2);
    for (int i = 0; i < 200; i++) {
      for (StoredEntry original : randomEntries(random)) {
        byte[] json = JsonStateCodec.encodeEntry(original);
        assertThat((char) json[0]).isEqualTo('{');
        StoredEntry decoded = StateCodec.decodeEntry(json);
        // What the JSON form keeps, the new reader gets back: the same as the old reader's.
        assertSame(JsonStateCodec.decodeEntry(json), decoded, "JSON " + new String(json));
        // and writing it again in the new form changes nothing
        assertSame(decoded, StateCodec.decodeEntry(StateCodec.encodeEntry(decoded)), "re-encoded");
      }
    }
  }

  @Test
  void readsTheJsonEncodingOfInstances() {
    Random random = new Random(SEED + 3);
    for (int i = 0; i < 500; i++) {
      InstanceState original = randomInstance(random);
      byte[] json = JsonStateCodec.encodeInstance(original);
      assertThat((char) json[0]).isEqualTo('{');
      InstanceState decoded = StateCodec.decodeInstance(json);
      assertSame(JsonStateCodec.decodeInstance(json), decoded, "JSON " + new String(json));
      assertSame(
          decoded, StateCodec.decodeInstance(StateCodec.encodeInstance(decoded)), "re-encoded");
    }
  }

  /** Values as Baton 0.1 / v1.1 wrote them, fixed text: what a store on disk holds. */
  @Test
  void readsJsonWrittenByTheEarlierVersion() {
    InstanceState instance =
        StateCodec.decodeInstance(
            ("{\"instanceId\":\"wf-1\",\"workflowId\":\"etl\",\"status\":\"RUNNING\",\"seq\":7,"
                    + "\"createdAt\":1764340000000,\"startedAt\":1764340000005,\"totalTasks\":3,"
                    + "\"completedTasks\":1,\"runningTasks\":1,\"scheduling\":\"EAGER\","
                    + "\"allowParallel\":true,\"remainingCriticalPath\":[\"b\",\"c\"],"
                    + "\"history\":[{\"from\":\"PENDING\",\"to\":\"RUNNING\",\"cause\":\"START\","
                    + "\"at\":1764340000005}],\"readyHead\":{\"count\":1,\"head\":[{\"key\":"
                    + "\"wf-1/r/0001\",\"entry\":{\"@k\":\"idx\",\"taskId\":\"c\",\"running\":false,"
                    + "\"estimateMs\":10,\"tailMs\":10}}],\"floor\":\"wf-1/r/0000\"},"
                    + "\"tailHead\":{\"count\":0,\"head\":[]},\"estimateHead\":{\"count\":0,"
                    + "\"head\":[]},\"someFutureField\":42}")
                .getBytes());
    assertThat(instance.instanceId).isEqualTo("wf-1");
    assertThat(instance.status).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(instance.endedAt).isNull();
    assertThat(instance.history)
        .containsExactly(
            new Transition(
                WorkflowStatus.PENDING,
                WorkflowStatus.RUNNING,
                LifecycleCause.START,
                1764340000005L));
    assertThat(instance.readyHead.head.get(0).entry().taskId()).isEqualTo("c");
    assertThat(instance.readyHead.floor).isEqualTo("wf-1/r/0000");

    StoredEntry task =
        StateCodec.decodeEntry(
            ("{\"@k\":\"task\",\"taskId\":\"b\",\"name\":\"B\",\"estimatedDurationMs\":10,"
                    + "\"dependents\":[\"c\"],\"attemptsAllowed\":3,\"status\":\"RUNNING\","
                    + "\"attempt\":1,\"dispatchedAt\":1764340000006,\"outcomes\":[]}")
                .getBytes());
    assertThat(task).isInstanceOf(TaskState.class);
    assertThat(((TaskState) task).attemptBudget).isZero();
    assertThat(((TaskState) task).dependents).containsExactly("c");
    assertThat(StateCodec.decodeEntry("{\"@k\":\"list\"}".getBytes())).isEqualTo(ListEntry.MARK);
    assertThat(StateCodec.decodeEntry("{\"@k\":\"seen\",\"at\":5}".getBytes()))
        .isEqualTo(new CommandSeen(5));
  }

  // ---------------------------------------------------------------- evolution and damage

  @Test
  void bytesAfterTheKnownFieldsAreIgnored() {
    InstanceState instance = randomInstance(new Random(SEED + 4));
    byte[] bytes = StateCodec.encodeInstance(instance);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertSame(instance, StateCodec.decodeInstance(longer), "with a field from a newer version");
    byte[] entry = StateCodec.encodeEntry(new CommandSeen(12));
    assertThat(StateCodec.decodeEntry(Arrays.copyOf(entry, entry.length + 5)))
        .isEqualTo(new CommandSeen(12));
  }

  /**
   * A header as the version before inline frontiers wrote it (the bytes of {@link
   * #typicalHeader()}, kept in a file): read as it was, its frontier in the indexes, and written
   * again byte for byte while its frontier is there. Only a header that carries a frontier takes
   * the new version byte.
   */
  @Test
  void readsAndWritesTheHeadersOfTheVersionBeforeInlineFrontiers() throws Exception {
    byte[] written;
    try (var in = getClass().getResourceAsStream("/state/typical-header-v1.hex")) {
      written = HexFormat.of().parseHex(new String(in.readAllBytes()).strip());
    }
    InstanceState read = StateCodec.decodeInstance(written);
    assertSame(typicalHeader(), read, "the earlier version's header");
    assertThat(read.frontier).isEmpty();
    assertThat(read.tailHead.count).isEqualTo(22);
    assertThat(StateCodec.encodeInstance(read)).isEqualTo(written);

    read.tailHead.count = 0;
    read.estimateHead.count = 0;
    read.frontier.add(new InlineTask("t-018", 17, false, true, 100, 100, 1L, null));
    byte[] inline = StateCodec.encodeInstance(read);
    assertThat(inline[0]).isEqualTo(StateCodec.VERSION_INLINE_TASKS);
    assertSame(read, StateCodec.decodeInstance(inline), "with its frontier inline");
    read.readyHead.count = 0;
    read.ready.add(new InlineTask("t-019", 18, false, false, 100, 100, null, 7L));
    assertSame(
        read,
        StateCodec.decodeInstance(StateCodec.encodeInstance(read)),
        "with ready tasks inline too");
    // what an earlier version's reader does with it: refuses it, loudly
    assertThatThrownBy(() -> StateCodec.decodeEntry(inline))
        .isInstanceOf(UncheckedIOException.class)
        .hasStackTraceContaining("unknown state encoding version 2");
  }

  @Test
  void anUnknownVersionOrACutValueFailsLoudly() {
    assertThatThrownBy(() -> StateCodec.decodeInstance(new byte[] {9, 1, 2}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Unreadable instance state");
    assertThatThrownBy(() -> StateCodec.decodeEntry(new byte[] {StateCodec.VERSION, 99}))
        .isInstanceOf(UncheckedIOException.class);
    byte[] bytes = StateCodec.encodeInstance(randomInstance(new Random(SEED + 5)));
    assertThatThrownBy(() -> StateCodec.decodeInstance(Arrays.copyOf(bytes, bytes.length / 2)))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aTypicalHeaderIsAFractionOfItsJson() {
    InstanceState header = typicalHeader();
    int binary = StateCodec.encodeInstance(header).length;
    int json = JsonStateCodec.encodeInstance(header).length;
    assertThat(binary).isLessThan(json / 2);
  }

  // ---------------------------------------------------------------- generators

  private static void assertSame(Object expected, Object actual, String what) {
    JsonNode e = TREES.valueToTree(expected);
    JsonNode a = TREES.valueToTree(actual);
    assertThat(a).as(what).isEqualTo(e);
  }

  private static final String[] ALPHABET = {
    "a",
    "Z",
    "0",
    "-",
    "/",
    " ",
    "\"",
    "\\",
    "{",
    "é",
    "ß",
    "Ж",
    "中",
    "文",
    "\u0000",
    "\uD83D\uDE80",
    "\uD83C\uDFBC",
    "\u200B",
    "\n"
  };

  private static String string(Random r) {
    return string(r, r.nextInt(400) == 0);
  }

  /** Short, ASCII or not, sometimes null or empty; in lists, where thousands are made. */
  private static String shortString(Random r) {
    return string(r, false);
  }

  private static String string(Random r, boolean huge) {
    int pick = huge ? 2 : 3 + r.nextInt(17);
    if (r.nextInt(20) == 0) {
      return null;
    }
    if (r.nextInt(20) == 0) {
      return "";
    }
    int length =
        pick == 2 ? 70_000 + r.nextInt(1_000) : pick < 6 ? r.nextInt(300) : 1 + r.nextInt(24);
    boolean ascii = pick >= 10;
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      if (ascii) {
        s.append((char) (0x20 + r.nextInt(0x5F)));
      } else {
        s.append(ALPHABET[r.nextInt(ALPHABET.length)]);
      }
    }
    return s.toString();
  }

  private static String nonNullString(Random r) {
    String s = shortString(r);
    return s == null ? "k" : s;
  }

  private static long anyLong(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Long.MAX_VALUE;
      case 2 -> Long.MIN_VALUE;
      case 3 -> -1 - r.nextInt(1000);
      case 4 -> 1_764_340_000_000L + r.nextInt(1_000_000);
      default -> r.nextLong();
    };
  }

  private static int anyInt(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> 0;
      case 1 -> Integer.MAX_VALUE;
      case 2 -> Integer.MIN_VALUE;
      case 3 -> r.nextInt(50);
      default -> r.nextInt();
    };
  }

  private static Long nullableLong(Random r) {
    return r.nextInt(3) == 0 ? null : anyLong(r);
  }

  private static <T> T nullable(Random r, T[] values) {
    int i = r.nextInt(values.length + 1);
    return i == values.length ? null : values[i];
  }

  private static <T> List<T> list(Random r, Function<Random, T> element, boolean nullable) {
    int pick = r.nextInt(10);
    if (nullable && pick == 0) {
      return null;
    }
    int size = pick == 1 ? 0 : pick == 2 ? 100 + r.nextInt(50) : r.nextInt(6);
    List<T> list = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      list.add(element.apply(r));
    }
    return list;
  }

  private static IndexEntry indexEntry(Random r) {
    return new IndexEntry(
        string(r), r.nextBoolean(), anyLong(r), anyLong(r), nullableLong(r), nullableLong(r));
  }

  private static IndexHead head(Random r) {
    if (r.nextInt(8) == 0) {
      return null;
    }
    IndexHead head = new IndexHead();
    head.count = anyInt(r);
    head.head =
        list(
            r,
            x ->
                x.nextInt(30) == 0
                    ? null
                    : new IndexHead.Slot(shortString(x), x.nextInt(10) == 0 ? null : indexEntry(x)),
            true);
    head.floor = string(r);
    return head;
  }

  private static List<InlineTask> inlineTasks(Random r) {
    List<InlineTask> tasks = new ArrayList<>();
    if (r.nextInt(3) == 0) {
      int n = r.nextInt(70);
      for (int i = 0; i < n; i++) {
        tasks.add(
            new InlineTask(
                string(r),
                anyInt(r),
                r.nextBoolean(),
                r.nextBoolean(),
                anyLong(r),
                anyLong(r),
                nullableLong(r),
                nullableLong(r)));
      }
    }
    return tasks;
  }

  static InstanceState randomInstance(Random r) {
    InstanceState s = new InstanceState();
    s.instanceId = string(r);
    s.workflowId = string(r);
    s.status = nullable(r, WorkflowStatus.values());
    s.seq = anyLong(r);
    s.createdAt = anyLong(r);
    s.startedAt = nullableLong(r);
    s.endedAt = nullableLong(r);
    s.totalTasks = anyInt(r);
    s.completedTasks = anyInt(r);
    s.failedTasks = anyInt(r);
    s.runningTasks = anyInt(r);
    s.cancelledTasks = anyInt(r);
    s.retries = anyInt(r);
    s.scheduling = nullable(r, Scheduling.values());
    s.allowParallel = r.nextBoolean();
    s.timeoutMs = nullableLong(r);
    s.groupCount = anyInt(r);
    s.currentGroup = anyInt(r);
    s.groupRemaining = anyInt(r);
    s.suffixAfterCurrentGroupMs = anyLong(r);
    s.remainingEstimateMs = anyLong(r);
    s.estimatedTotalTimeMs = anyLong(r);
    s.remainingCriticalPath = list(r, StateCodecTest::shortString, true);
    s.activeTaskId = string(r);
    s.history =
        list(
            r,
            x ->
                x.nextInt(30) == 0
                    ? null
                    : new Transition(
                        nullable(x, WorkflowStatus.values()),
                        nullable(x, WorkflowStatus.values()),
                        nullable(x, LifecycleCause.values()),
                        anyLong(x)),
            true);
    s.readyHead = head(r);
    s.tailHead = head(r);
    s.estimateHead = head(r);
    s.error = string(r);
    s.cancelReason = string(r);
    s.timeoutAt = nullableLong(r);
    s.timeoutRemainingMs = nullableLong(r);
    s.timerKey = string(r);
    s.ready = inlineTasks(r);
    s.frontier = inlineTasks(r);
    return s;
  }

  static TaskState randomTask(Random r) {
    TaskState t = new TaskState();
    t.taskId = string(r);
    t.name = string(r);
    t.estimatedDurationMs = anyLong(r);
    t.dependents = list(r, StateCodecTest::shortString, true);
    t.priority = anyInt(r);
    t.attemptsAllowed = anyInt(r);
    t.attemptBudget = anyInt(r);
    t.timeoutMs = nullableLong(r);
    t.retryBackoff =
        r.nextInt(3) == 0
            ? null
            : new RetryBackoff(
                anyLong(r),
                r.nextInt(4) == 0 ? Double.MAX_VALUE : r.nextDouble() * 10,
                nullableLong(r));
    t.inputJson = string(r);
    t.orderIndex = anyInt(r);
    t.group = anyInt(r);
    t.tailMs = anyLong(r);
    t.criticalNext = string(r);
    t.pendingDependencies = anyInt(r);
    t.heldAtBarrier = r.nextBoolean();
    t.status = nullable(r, TaskStatus.values());
    t.attempt = anyInt(r);
    t.firstDispatchedAt = nullableLong(r);
    t.dispatchedAt = nullableLong(r);
    t.completedAt = nullableLong(r);
    t.retryAt = nullableLong(r);
    t.error = string(r);
    t.outputJson = string(r);
    t.timerKey = string(r);
    t.outcomes = list(r, x -> nullable(x, AttemptOutcome.values()), true);
    return t;
  }

  /** One of each kind. Records whose constructors refuse nulls get none. */
  static List<StoredEntry> randomEntries(Random r) {
    List<String> ids = list(r, StateCodecTest::nonNullString, false);
    return List.of(
        randomTask(r),
        new GroupEntry(
            anyInt(r), list(r, StateCodecTest::shortString, true), anyLong(r), anyLong(r)),
        new PlanEntry(
            r.nextInt(10) == 0
                ? null
                : new Plan(
                    ids,
                    list(r, x -> list(x, StateCodecTest::nonNullString, false), false),
                    list(r, StateCodecTest::nonNullString, false),
                    anyLong(r))),
        new DefinitionEntry(r.nextInt(10) == 0 ? null : definition(r)),
        ListEntry.MARK,
        indexEntry(r),
        new CommandSeen(anyLong(r)),
        new TimerEntry(
            string(r), nullable(r, TimerKind.values()), string(r), anyInt(r), anyLong(r)),
        new TimerWatermark(string(r)));
  }

  private static WorkflowDefinition definition(Random r) {
    List<TaskDefinition> tasks = new ArrayList<>();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      tasks.add(
          new TaskDefinition(
              "t" + i,
              nonNullString(r),
              r.nextInt(1000),
              i == 0 ? List.of() : List.of("t" + (i - 1)),
              List.of(),
              r.nextInt(5),
              r.nextBoolean() ? null : r.nextInt(3),
              nullableLong(r),
              r.nextBoolean() ? null : new RetryBackoff(100, 2.0, null),
              r.nextBoolean() ? null : "{\"x\":[1,2,\"é\"]}"));
    }
    return new WorkflowDefinition(
        nonNullString(r),
        nonNullString(r),
        string(r),
        tasks,
        r.nextInt(3),
        nullableLong(r),
        r.nextBoolean(),
        nullable(r, Scheduling.values()));
  }

  /** A running 40-task fan-out's header, as the benchmark makes them. */
  private static InstanceState typicalHeader() {
    InstanceState s = new InstanceState();
    s.instanceId = "bench-fan-out-000123";
    s.workflowId = "fan-out-40";
    s.status = WorkflowStatus.RUNNING;
    s.seq = 37;
    s.createdAt = 1_764_340_000_000L;
    s.startedAt = 1_764_340_000_001L;
    s.totalTasks = 40;
    s.completedTasks = 17;
    s.runningTasks = 22;
    s.scheduling = Scheduling.EAGER;
    s.allowParallel = true;
    s.remainingEstimateMs = 2300;
    s.estimatedTotalTimeMs = 200;
    s.remainingCriticalPath = new ArrayList<>(List.of("t-018", "t-040"));
    s.history.add(
        new Transition(
            WorkflowStatus.PENDING, WorkflowStatus.RUNNING, LifecycleCause.START, s.startedAt));
    for (IndexHead head : List.of(s.readyHead, s.tailHead, s.estimateHead)) {
      head.count = 22;
      for (int i = 0; i < 4; i++) {
        head.head.add(
            new IndexHead.Slot(
                s.instanceId + "/t/" + (9_999_000 + i) + "/t-0" + (18 + i),
                new IndexEntry("t-0" + (18 + i), true, 100, 100, 1_764_340_000_050L, null)));
      }
      head.floor = s.instanceId + "/t/9998999/t-017";
    }
    return s;
  }
}
