package dev.baton.topology;

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
import dev.baton.protocol.definition.WorkflowDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encoding of state store values: a compact binary form, one leading version byte, then the
 * fields in a fixed order.
 *
 * <p>Why hand-written: the state is a handful of types (the instance header and nine entry kinds),
 * rewritten on every event, and binding them with Jackson databind took a third of the stream
 * thread. The build has no schema compiler (protobuf would add one, generated classes to convert
 * from and to, and a runtime), and this way the version byte, the order of the fields and what an
 * old reader does with a newer value are all in this one file.
 *
 * <p>The format:
 *
 * <ul>
 *   <li>Byte 0 is {@link #VERSION} (1), or {@link #VERSION_INLINE_TASKS} (2) for an instance header
 *       that carries tasks of its indexes. A value whose first byte is <code>'{'</code> is the JSON
 *       Baton wrote before (see {@link JsonStateCodec}): it is still read, so stores and changelogs
 *       written by an earlier version keep working, and are rewritten in this form as they change.
 *   <li>An entry's byte 1 is its kind (see the {@code KIND_} constants). Never reuse a kind.
 *   <li>Integers and longs are zig-zag varints; a double is 8 bytes; a boolean one byte. A nullable
 *       number is a presence byte, then the number. A string is its UTF-8 length + 1 as a varint (0
 *       for null), then its bytes; a list its size + 1 (0 for null), then its elements. An enum is
 *       its code + 1 (0 for null), codes being positions in this class's tables, not ordinals, so
 *       reordering an enum's constants cannot change what stored bytes mean.
 *   <li>Evolution: a new field is appended at the end of a value and read only when bytes remain (a
 *       value written before it has none); a reader ignores bytes after the fields it knows, so a
 *       rollback reads what a newer version wrote. A change that cannot be made that way takes a
 *       new version byte, and the reader keeps reading the old one.
 *   <li>A {@link DefinitionEntry}'s definition stays JSON inside the entry: it is written once per
 *       instance, read only by queries, and its shape is the contract's.
 * </ul>
 */
public final class StateCodec {

  /** The first byte of every value in this encoding. */
  static final byte VERSION = 1;

  /**
   * The first byte of an instance header that holds tasks of its indexes ({@link
   * InstanceState#ready}, {@link InstanceState#frontier}): version 1's fields, then those two
   * lists. A header without any is written as version 1, so an earlier Baton reads every header but
   * those of instances running with tasks in their header, and refuses those ("unknown state
   * encoding version 2") instead of reading them without their tasks.
   */
  static final byte VERSION_INLINE_TASKS = 2;

  /** The first byte of a value in the JSON encoding that came before. */
  private static final byte JSON = '{';

  private static final int KIND_TASK = 1;
  private static final int KIND_GROUP = 2;
  private static final int KIND_PLAN = 3;
  private static final int KIND_DEFINITION = 4;
  private static final int KIND_LIST = 5;
  private static final int KIND_INDEX = 6;
  private static final int KIND_SEEN = 7;
  private static final int KIND_TIMER = 8;
  private static final int KIND_WATERMARK = 9;

  // The enum tables: a constant's code is its position here. Append only.
  static final WorkflowStatus[] WORKFLOW_STATUSES = {
    WorkflowStatus.PENDING,
    WorkflowStatus.RUNNING,
    WorkflowStatus.PAUSED,
    WorkflowStatus.COMPLETED,
    WorkflowStatus.FAILED,
    WorkflowStatus.CANCELLED
  };
  static final TaskStatus[] TASK_STATUSES = {
    TaskStatus.WAITING,
    TaskStatus.READY,
    TaskStatus.RUNNING,
    TaskStatus.COMPLETED,
    TaskStatus.FAILED,
    TaskStatus.CANCELLED
  };
  static final Scheduling[] SCHEDULINGS = {Scheduling.GROUPS, Scheduling.EAGER};
  static final LifecycleCause[] CAUSES = {
    LifecycleCause.START,
    LifecycleCause.PAUSE,
    LifecycleCause.RESUME,
    LifecycleCause.CANCEL,
    LifecycleCause.ALL_TASKS_COMPLETED,
    LifecycleCause.FAILURE,
    LifecycleCause.RETRY
  };
  static final AttemptOutcome[] OUTCOMES = {
    AttemptOutcome.COMPLETED,
    AttemptOutcome.FAILED,
    AttemptOutcome.TIMED_OUT,
    AttemptOutcome.CANCELLED
  };
  static final TimerKind[] TIMER_KINDS = {
    TimerKind.TASK_TIMEOUT, TimerKind.RETRY, TimerKind.WORKFLOW_TIMEOUT, TimerKind.RETENTION
  };

  private static final int[] WORKFLOW_STATUS_CODES = codes(WORKFLOW_STATUSES);
  private static final int[] TASK_STATUS_CODES = codes(TASK_STATUSES);
  private static final int[] SCHEDULING_CODES = codes(SCHEDULINGS);
  private static final int[] CAUSE_CODES = codes(CAUSES);
  private static final int[] OUTCOME_CODES = codes(OUTCOMES);
  private static final int[] TIMER_KIND_CODES = codes(TIMER_KINDS);

  /** Writers are reused per thread: a value is encoded and copied out before the next one. */
  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  private StateCodec() {}

  public static byte[] encodeEntry(StoredEntry entry) {
    Writer out = WRITERS.get().reset();
    out.write(VERSION);
    if (entry instanceof TaskState task) {
      out.write(KIND_TASK);
      writeTask(out, task);
    } else if (entry instanceof IndexEntry index) {
      out.write(KIND_INDEX);
      writeIndexEntry(out, index);
    } else if (entry instanceof ListEntry) {
      out.write(KIND_LIST);
    } else if (entry instanceof TimerEntry timer) {
      out.write(KIND_TIMER);
      out.string(timer.instanceId());
      out.code(timer.kind() == null ? -1 : TIMER_KIND_CODES[timer.kind().ordinal()]);
      out.string(timer.taskId());
      out.varint(timer.attempt());
      out.varlong(timer.dueAt());
    } else if (entry instanceof CommandSeen seen) {
      out.write(KIND_SEEN);
      out.varlong(seen.at());
    } else if (entry instanceof TimerWatermark watermark) {
      out.write(KIND_WATERMARK);
      out.string(watermark.key());
    } else if (entry instanceof GroupEntry group) {
      out.write(KIND_GROUP);
      out.varint(group.index());
      out.strings(group.taskIds());
      out.varlong(group.maxEstimateMs());
      out.varlong(group.suffixAfterMs());
    } else if (entry instanceof PlanEntry plan) {
      out.write(KIND_PLAN);
      writePlan(out, plan.plan());
    } else if (entry instanceof DefinitionEntry definition) {
      out.write(KIND_DEFINITION);
      out.bytes(definitionJson(definition.definition()));
    } else {
      throw new IllegalArgumentException("no encoding for " + entry.getClass());
    }
    return out.toByteArray();
  }

  public static StoredEntry decodeEntry(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == JSON) {
      return JsonStateCodec.decodeEntry(bytes);
    }
    Reader in = reader(bytes, "state entry");
    try {
      int kind = in.readByte();
      return switch (kind) {
        case KIND_TASK -> readTask(in);
        case KIND_GROUP -> new GroupEntry(in.varint(), in.strings(), in.varlong(), in.varlong());
        case KIND_PLAN -> new PlanEntry(readPlan(in));
        case KIND_DEFINITION -> new DefinitionEntry(readDefinition(in.bytes()));
        case KIND_LIST -> ListEntry.MARK;
        case KIND_INDEX -> readIndexEntry(in);
        case KIND_SEEN -> new CommandSeen(in.varlong());
        case KIND_TIMER ->
            new TimerEntry(
                in.string(), in.code(TIMER_KINDS), in.string(), in.varint(), in.varlong());
        case KIND_WATERMARK -> new TimerWatermark(in.string());
        default -> throw new IllegalArgumentException("unknown entry kind " + kind);
      };
    } catch (RuntimeException e) {
      throw unreadable("state entry", e);
    }
  }

  public static byte[] encodeInstance(InstanceState s) {
    boolean inline =
        (s.ready != null && !s.ready.isEmpty()) || (s.frontier != null && !s.frontier.isEmpty());
    Writer out = WRITERS.get().reset();
    out.write(inline ? VERSION_INLINE_TASKS : VERSION);
    out.string(s.instanceId);
    out.string(s.workflowId);
    out.code(s.status == null ? -1 : WORKFLOW_STATUS_CODES[s.status.ordinal()]);
    out.varlong(s.seq);
    out.varlong(s.createdAt);
    out.nullableLong(s.startedAt);
    out.nullableLong(s.endedAt);
    out.varint(s.totalTasks);
    out.varint(s.completedTasks);
    out.varint(s.failedTasks);
    out.varint(s.runningTasks);
    out.varint(s.cancelledTasks);
    out.varint(s.retries);
    out.code(s.scheduling == null ? -1 : SCHEDULING_CODES[s.scheduling.ordinal()]);
    out.bool(s.allowParallel);
    out.nullableLong(s.timeoutMs);
    out.varint(s.groupCount);
    out.varint(s.currentGroup);
    out.varint(s.groupRemaining);
    out.varlong(s.suffixAfterCurrentGroupMs);
    out.varlong(s.remainingEstimateMs);
    out.varlong(s.estimatedTotalTimeMs);
    out.strings(s.remainingCriticalPath);
    out.string(s.activeTaskId);
    if (s.history == null) {
      out.size(null);
    } else {
      out.size(s.history);
      for (Transition t : s.history) {
        if (t == null) {
          out.bool(false);
          continue;
        }
        out.bool(true);
        out.code(t.from() == null ? -1 : WORKFLOW_STATUS_CODES[t.from().ordinal()]);
        out.code(t.to() == null ? -1 : WORKFLOW_STATUS_CODES[t.to().ordinal()]);
        out.code(t.cause() == null ? -1 : CAUSE_CODES[t.cause().ordinal()]);
        out.varlong(t.at());
      }
    }
    writeHead(out, s.readyHead);
    writeHead(out, s.tailHead);
    writeHead(out, s.estimateHead);
    out.string(s.error);
    out.string(s.cancelReason);
    out.nullableLong(s.timeoutAt);
    out.nullableLong(s.timeoutRemainingMs);
    out.string(s.timerKey);
    if (inline) {
      writeInlineTasks(out, s.ready);
      writeInlineTasks(out, s.frontier);
    }
    return out.toByteArray();
  }

  public static InstanceState decodeInstance(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == JSON) {
      return JsonStateCodec.decodeInstance(bytes);
    }
    boolean inline = bytes.length > 0 && bytes[0] == VERSION_INLINE_TASKS;
    Reader in = inline ? reader(bytes, 1) : reader(bytes, "instance state");
    try {
      InstanceState s = new InstanceState();
      s.instanceId = in.string();
      s.workflowId = in.string();
      s.status = in.code(WORKFLOW_STATUSES);
      s.seq = in.varlong();
      s.createdAt = in.varlong();
      s.startedAt = in.nullableLong();
      s.endedAt = in.nullableLong();
      s.totalTasks = in.varint();
      s.completedTasks = in.varint();
      s.failedTasks = in.varint();
      s.runningTasks = in.varint();
      s.cancelledTasks = in.varint();
      s.retries = in.varint();
      s.scheduling = in.code(SCHEDULINGS);
      s.allowParallel = in.bool();
      s.timeoutMs = in.nullableLong();
      s.groupCount = in.varint();
      s.currentGroup = in.varint();
      s.groupRemaining = in.varint();
      s.suffixAfterCurrentGroupMs = in.varlong();
      s.remainingEstimateMs = in.varlong();
      s.estimatedTotalTimeMs = in.varlong();
      s.remainingCriticalPath = in.strings();
      s.activeTaskId = in.string();
      int transitions = in.size();
      if (transitions < 0) {
        s.history = null;
      } else {
        List<Transition> history = new ArrayList<>(transitions);
        for (int i = 0; i < transitions; i++) {
          history.add(
              in.bool()
                  ? new Transition(
                      in.code(WORKFLOW_STATUSES),
                      in.code(WORKFLOW_STATUSES),
                      in.code(CAUSES),
                      in.varlong())
                  : null);
        }
        s.history = history;
      }
      s.readyHead = readHead(in);
      s.tailHead = readHead(in);
      s.estimateHead = readHead(in);
      s.error = in.string();
      s.cancelReason = in.string();
      s.timeoutAt = in.nullableLong();
      s.timeoutRemainingMs = in.nullableLong();
      s.timerKey = in.string();
      if (inline) {
        s.ready = readInlineTasks(in);
        s.frontier = readInlineTasks(in);
      }
      return s;
    } catch (RuntimeException e) {
      throw unreadable("instance state", e);
    }
  }

  private static void writeInlineTasks(Writer out, List<InlineTask> tasks) {
    if (tasks == null) {
      out.size(List.of());
      return;
    }
    out.size(tasks);
    for (InlineTask task : tasks) {
      // what its key is made of, then its index entry
      out.varint(task.orderIndex());
      out.bool(task.waiting());
      writeIndexEntry(out, task.entry());
    }
  }

  private static List<InlineTask> readInlineTasks(Reader in) {
    int n = in.size();
    // room for one more: the next input may add a task
    List<InlineTask> tasks = new ArrayList<>(Math.max(n, 0) + 1);
    for (int i = 0; i < n; i++) {
      int orderIndex = in.varint();
      boolean waiting = in.bool();
      tasks.add(InlineTask.of(readIndexEntry(in), orderIndex, waiting));
    }
    return tasks;
  }

  private static void writeTask(Writer out, TaskState t) {
    out.string(t.taskId);
    out.string(t.name);
    out.varlong(t.estimatedDurationMs);
    out.strings(t.dependents);
    out.varint(t.priority);
    out.varint(t.attemptsAllowed);
    out.varint(t.attemptBudget);
    out.nullableLong(t.timeoutMs);
    if (t.retryBackoff == null) {
      out.bool(false);
    } else {
      out.bool(true);
      out.varlong(t.retryBackoff.initialMs());
      out.float64(t.retryBackoff.multiplier());
      out.nullableLong(t.retryBackoff.maxMs());
    }
    out.string(t.inputJson);
    out.varint(t.orderIndex);
    out.varint(t.group);
    out.varlong(t.tailMs);
    out.string(t.criticalNext);
    out.varint(t.pendingDependencies);
    out.bool(t.heldAtBarrier);
    out.code(t.status == null ? -1 : TASK_STATUS_CODES[t.status.ordinal()]);
    out.varint(t.attempt);
    out.nullableLong(t.firstDispatchedAt);
    out.nullableLong(t.dispatchedAt);
    out.nullableLong(t.completedAt);
    out.nullableLong(t.retryAt);
    out.string(t.error);
    out.string(t.outputJson);
    out.string(t.timerKey);
    if (t.outcomes == null) {
      out.size(null);
    } else {
      out.size(t.outcomes);
      for (AttemptOutcome outcome : t.outcomes) {
        out.code(outcome == null ? -1 : OUTCOME_CODES[outcome.ordinal()]);
      }
    }
  }

  private static TaskState readTask(Reader in) {
    TaskState t = new TaskState();
    t.taskId = in.string();
    t.name = in.string();
    t.estimatedDurationMs = in.varlong();
    t.dependents = in.strings();
    t.priority = in.varint();
    t.attemptsAllowed = in.varint();
    t.attemptBudget = in.varint();
    t.timeoutMs = in.nullableLong();
    t.retryBackoff =
        in.bool() ? new RetryBackoff(in.varlong(), in.float64(), in.nullableLong()) : null;
    t.inputJson = in.string();
    t.orderIndex = in.varint();
    t.group = in.varint();
    t.tailMs = in.varlong();
    t.criticalNext = in.string();
    t.pendingDependencies = in.varint();
    t.heldAtBarrier = in.bool();
    t.status = in.code(TASK_STATUSES);
    t.attempt = in.varint();
    t.firstDispatchedAt = in.nullableLong();
    t.dispatchedAt = in.nullableLong();
    t.completedAt = in.nullableLong();
    t.retryAt = in.nullableLong();
    t.error = in.string();
    t.outputJson = in.string();
    t.timerKey = in.string();
    int outcomes = in.size();
    if (outcomes < 0) {
      t.outcomes = null;
    } else {
      List<AttemptOutcome> list = new ArrayList<>(Math.max(outcomes, 2));
      for (int i = 0; i < outcomes; i++) {
        list.add(in.code(OUTCOMES));
      }
      t.outcomes = list;
    }
    return t;
  }

  private static void writeIndexEntry(Writer out, IndexEntry e) {
    out.string(e.taskId());
    out.bool(e.running());
    out.varlong(e.estimateMs());
    out.varlong(e.tailMs());
    out.nullableLong(e.dispatchedAt());
    out.nullableLong(e.notBefore());
  }

  private static IndexEntry readIndexEntry(Reader in) {
    return new IndexEntry(
        in.string(), in.bool(), in.varlong(), in.varlong(), in.nullableLong(), in.nullableLong());
  }

  private static void writeHead(Writer out, IndexHead head) {
    if (head == null) {
      out.bool(false);
      return;
    }
    out.bool(true);
    out.varint(head.count);
    if (head.head == null) {
      out.size(null);
    } else {
      out.size(head.head);
      for (IndexHead.Slot slot : head.head) {
        if (slot == null) {
          out.bool(false);
          continue;
        }
        out.bool(true);
        out.string(slot.key());
        if (slot.entry() == null) {
          out.bool(false);
        } else {
          out.bool(true);
          writeIndexEntry(out, slot.entry());
        }
      }
    }
    out.string(head.floor);
  }

  private static IndexHead readHead(Reader in) {
    if (!in.bool()) {
      return null;
    }
    IndexHead head = new IndexHead();
    head.count = in.varint();
    int slots = in.size();
    if (slots < 0) {
      head.head = null;
    } else {
      // The head holds a few entries and takes one more before it drops its last.
      List<IndexHead.Slot> list = new ArrayList<>(Math.max(slots + 1, 5));
      for (int i = 0; i < slots; i++) {
        list.add(
            in.bool()
                ? new IndexHead.Slot(in.string(), in.bool() ? readIndexEntry(in) : null)
                : null);
      }
      head.head = list;
    }
    head.floor = in.string();
    return head;
  }

  private static void writePlan(Writer out, Plan plan) {
    if (plan == null) {
      out.bool(false);
      return;
    }
    out.bool(true);
    out.strings(plan.executionOrder());
    out.size(plan.parallelGroups());
    for (List<String> group : plan.parallelGroups()) {
      out.strings(group);
    }
    out.strings(plan.criticalPath());
    out.varlong(plan.estimatedTotalTimeMs());
  }

  private static Plan readPlan(Reader in) {
    if (!in.bool()) {
      return null;
    }
    List<String> order = in.strings();
    int groups = in.size();
    List<List<String>> parallel = new ArrayList<>(Math.max(groups, 0));
    for (int i = 0; i < groups; i++) {
      parallel.add(in.strings());
    }
    return new Plan(order, parallel, in.strings(), in.varlong());
  }

  private static byte[] definitionJson(WorkflowDefinition definition) {
    if (definition == null) {
      return null;
    }
    try {
      return JsonStateCodec.mapper().writeValueAsBytes(definition);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WorkflowDefinition readDefinition(byte[] json) {
    if (json == null) {
      return null;
    }
    try {
      return JsonStateCodec.mapper().readValue(json, WorkflowDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reader reader(byte[] bytes, int from) {
    Reader in = new Reader(bytes);
    in.pos = from;
    return in;
  }

  private static Reader reader(byte[] bytes, String what) {
    if (bytes.length == 0 || bytes[0] != VERSION) {
      throw new UncheckedIOException(
          "Unreadable " + what,
          new IOException(
              bytes.length == 0
                  ? "empty value"
                  : "unknown state encoding version " + (bytes[0] & 0xff)));
    }
    Reader in = new Reader(bytes);
    in.pos = 1;
    return in;
  }

  private static UncheckedIOException unreadable(String what, RuntimeException e) {
    return e instanceof UncheckedIOException u
        ? u
        : new UncheckedIOException("Unreadable " + what, new IOException(e.toString(), e));
  }

  private static <E extends Enum<E>> int[] codes(E[] table) {
    E[] all = table[0].getDeclaringClass().getEnumConstants();
    int[] codes = new int[all.length];
    Arrays.fill(codes, -1);
    for (int i = 0; i < table.length; i++) {
      codes[table[i].ordinal()] = i;
    }
    for (E constant : all) {
      if (codes[constant.ordinal()] < 0) {
        throw new ExceptionInInitializerError(
            constant + " has no code in StateCodec: append it to its table");
      }
    }
    return codes;
  }

  /** A growable byte array with the few primitives the format needs. */
  static final class Writer {
    private byte[] buf = new byte[256];
    private int pos;

    Writer reset() {
      pos = 0;
      return this;
    }

    private void ensure(int more) {
      if (pos + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
      }
    }

    void write(int b) {
      ensure(1);
      buf[pos++] = (byte) b;
    }

    void bool(boolean b) {
      write(b ? 1 : 0);
    }

    void varint(int v) {
      varlong(v);
    }

    void varlong(long v) {
      ensure(10);
      long z = (v << 1) ^ (v >> 63);
      while ((z & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((z & 0x7F) | 0x80);
        z >>>= 7;
      }
      buf[pos++] = (byte) z;
    }

    /** A non-negative count, as a plain varint. */
    private void unsigned(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void nullableLong(Long v) {
      if (v == null) {
        write(0);
      } else {
        write(1);
        varlong(v);
      }
    }

    void float64(double d) {
      ensure(8);
      long bits = Double.doubleToRawLongBits(d);
      for (int i = 0; i < 8; i++) {
        buf[pos++] = (byte) (bits >>> (8 * i));
      }
    }

    /** An enum code, -1 for null. */
    void code(int code) {
      write(code + 1);
    }

    void size(List<?> list) {
      unsigned(list == null ? 0 : list.size() + 1);
    }

    void string(String s) {
      if (s == null) {
        write(0);
        return;
      }
      int length = s.length();
      // Ids, keys and names are ASCII: copy them without a detour through an encoder.
      boolean ascii = true;
      for (int i = 0; i < length; i++) {
        if (s.charAt(i) >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        unsigned(length + 1);
        ensure(length);
        for (int i = 0; i < length; i++) {
          buf[pos++] = (byte) s.charAt(i);
        }
      } else {
        bytes(s.getBytes(StandardCharsets.UTF_8));
      }
    }

    void bytes(byte[] b) {
      if (b == null) {
        write(0);
        return;
      }
      unsigned(b.length + 1);
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    void strings(List<String> list) {
      size(list);
      if (list != null) {
        for (String s : list) {
          string(s);
        }
      }
    }

    /** Bytes written as they are, without a length: a part of a value read before. */
    void raw(byte[] b, int from, int to) {
      ensure(to - from);
      System.arraycopy(b, from, buf, pos, to - from);
      pos += to - from;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /** Reads what {@link Writer} wrote. */
  static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    int readByte() {
      if (pos >= buf.length) {
        throw new IllegalArgumentException("value ends early at byte " + pos);
      }
      return buf[pos++] & 0xff;
    }

    boolean bool() {
      return readByte() != 0;
    }

    private long unsignedLong() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalArgumentException("malformed varint at byte " + pos);
    }

    long varlong() {
      long z = unsignedLong();
      return (z >>> 1) ^ -(z & 1);
    }

    int varint() {
      return Math.toIntExact(varlong());
    }

    Long nullableLong() {
      return bool() ? varlong() : null;
    }

    double float64() {
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits |= (long) readByte() << (8 * i);
      }
      return Double.longBitsToDouble(bits);
    }

    <E> E code(E[] table) {
      int code = readByte() - 1;
      if (code < 0) {
        return null;
      }
      if (code >= table.length) {
        throw new IllegalArgumentException("unknown code " + code + " at byte " + pos);
      }
      return table[code];
    }

    /** A list's size, -1 for null. */
    int size() {
      return Math.toIntExact(unsignedLong()) - 1;
    }

    private int length() {
      int length = size();
      if (length > buf.length - pos) {
        throw new IllegalArgumentException("length " + length + " past the end at byte " + pos);
      }
      return length;
    }

    String string() {
      int length = length();
      if (length < 0) {
        return null;
      }
      String s = new String(buf, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return s;
    }

    byte[] bytes() {
      int length = length();
      if (length < 0) {
        return null;
      }
      byte[] b = Arrays.copyOfRange(buf, pos, pos + length);
      pos += length;
      return b;
    }

    /** Passes over what {@link Writer#bytes} wrote, without copying it. */
    void skipBytes() {
      int length = length(); // first: it moves pos past the length itself
      pos += Math.max(0, length);
    }

    /** How many bytes have been read. */
    int position() {
      return pos;
    }

    List<String> strings() {
      int size = size();
      if (size < 0) {
        return null;
      }
      List<String> list = new ArrayList<>(Math.max(size, 4));
      for (int i = 0; i < size; i++) {
        list.add(string());
      }
      return list;
    }
  }
}
