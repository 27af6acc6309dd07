package dev.baton.engine.state;

import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Workflow state over two ordered key-value stores: one small header per instance, and the
 * instance's entries (tasks, groups, plan, indexes) under keys prefixed with its id.
 *
 * <p>Every write of one input is buffered and reaches the stores only at {@link #flush()}: an input
 * that touches a value several times pays one read and one write, and an input whose processing
 * throws leaves the stores exactly as they were ({@link #discard()}).
 *
 * <p>Entry keys ('/' cannot occur in an id):
 *
 * <pre>
 *   id/plan                          the plan
 *   id/t/taskId                      a task
 *   id/g/00000003                    a parallel group
 *   id/c/commandId                   a seen command id
 *   id/r/order                       READY tasks by execution order (*)
 *   id/ft/(MAX-tailMs)/order         READY or RUNNING tasks, longest remaining chain first (*)
 *   id/fe/(MAX-estimate)/order       READY or RUNNING tasks, longest estimate first (*)
 *   id/def                           the definition
 * </pre>
 *
 * <p>(*) Only while they are large: up to {@link #INLINE_TASKS} ready tasks, and as many frontier
 * tasks, live in the header ({@link InstanceState#ready}, {@link InstanceState#frontier}), which
 * every input rewrites anyway. A task then costs no index writes (four for the frontier otherwise:
 * both entries written when it is dispatched and deleted when it ends) and no index scans. Tasks
 * that outgrow the header move to the index, and come back once it is empty.
 *
 * <p>Keys of the whole partition ('!' sorts before every id character):
 *
 * <pre>
 *   !timer/due/...                   the timers, by due time
 *   !ls/a/(MAX-createdAt)/id         every instance, newest first
 *   !ls/s/STATUS/(MAX-createdAt)/id  by status
 *   !ls/w/workflowId/(MAX-createdAt)/id         by definition
 *   !ls/sw/STATUS/workflowId/(MAX-createdAt)/id by both
 * </pre>
 *
 * <p>The entries of the live statuses' lists (PENDING, RUNNING, PAUSED) go to a store of their own
 * when one is given: every instance leaves them again, and the tombstones those deletes leave in an
 * LSM store (RocksDB) would have every page of a live status step over one per instance that ever
 * passed through it. A store that really deletes (an in-memory one) keeps such a page's cost that
 * of the page.
 */
public final class KvWorkflowState implements WorkflowStore {

  private final OrderedKv<InstanceState> instances;
  private final OrderedKv<StoredEntry> entries;

  /** The live statuses' list entries; {@link #entries} itself when no store of their own. */
  private final OrderedKv<StoredEntry> live;

  /** The headers this unit of work read or wrote. */
  private final Map<String, InstanceState> instanceCache = new HashMap<>();

  /**
   * Decoded headers exactly as the instances store holds them, kept across units of work when a
   * budget is given: most inputs are for an instance an earlier input wrote, and decoding its
   * header (the largest value, rewritten by every input) is then skipped. A header goes in when a
   * flush writes it, and out when a unit of work read it without writing it, or was discarded: the
   * engine mutates the headers it reads, so only one just written is known to be the stored one.
   * Least recently used first out, by weight ({@link #weightOf}); null when off.
   */
  private final LinkedHashMap<String, Kept> committedHeaders;

  /** What the kept headers weigh together, and may. */
  private long keptWeight;

  private final long keepBudget;

  /** A kept header and its weight when it was kept (the engine may grow it later, in place). */
  private record Kept(InstanceState header, int weight) {}

  /**
   * A header's weight: one unit per task it holds in its lists, and {@link #HEADER_WEIGHT} for the
   * rest of it. A unit is a few hundred bytes of heap.
   */
  public static int weightOf(InstanceState header) {
    return HEADER_WEIGHT + header.ready.size() + header.frontier.size();
  }

  /** The weight of a header with no tasks in its lists: its counts, index heads and history. */
  public static final int HEADER_WEIGHT = 8;

  /** How many decoded headers are kept now (see {@link #committedHeaders}). */
  public int headersKept() {
    return committedHeaders == null ? 0 : committedHeaders.size();
  }

  /** Buffered header writes; a null value is a delete. */
  private final Map<String, InstanceState> instanceWrites = new HashMap<>();

  private final Map<String, StoredEntry> entryReads = new HashMap<>();

  /** Buffered entry writes; an empty value is a delete. Sorted, to overlay prefix scans. */
  private final TreeMap<String, Optional<StoredEntry>> entryWrites = new TreeMap<>();

  /**
   * Keys this unit of work added that the stores did not hold (index entries are added only when
   * absent): deleting one again in the same unit, as a task made ready and dispatched at once is,
   * writes nothing at all instead of a tombstone, which RocksDB would keep, every later scan of the
   * index would step over, and the changelog would carry.
   */
  private final java.util.Set<String> bornHere = new java.util.HashSet<>();

  public KvWorkflowState(OrderedKv<InstanceState> instances, OrderedKv<StoredEntry> entries) {
    this(instances, entries, entries);
  }

  /**
   * @param live where the live statuses' list entries go (see the class comment)
   */
  public KvWorkflowState(
      OrderedKv<InstanceState> instances,
      OrderedKv<StoredEntry> entries,
      OrderedKv<StoredEntry> live) {
    this(instances, entries, live, 0);
  }

  /**
   * @param keepBudget what the decoded headers kept across units of work may weigh together (see
   *     {@link #committedHeaders} and {@link #weightOf}), 0 for none kept. Only for the one writer
   *     of the stores: a reader beside it (a query) would keep headers the writer has changed
   *     since.
   */
  public KvWorkflowState(
      OrderedKv<InstanceState> instances,
      OrderedKv<StoredEntry> entries,
      OrderedKv<StoredEntry> live,
      long keepBudget) {
    this.instances = instances;
    this.entries = entries;
    this.live = live;
    this.keepBudget = keepBudget;
    this.committedHeaders = keepBudget <= 0 ? null : new LinkedHashMap<>(1024, 0.75f, true);
  }

  /** Keeps a header just written, dropping the least recently used ones past the budget. */
  private void keep(String instanceId, InstanceState header) {
    Kept kept = new Kept(header, weightOf(header));
    Kept before = committedHeaders.put(instanceId, kept);
    keptWeight += kept.weight() - (before == null ? 0 : before.weight());
    var eldest = committedHeaders.values().iterator();
    while (keptWeight > keepBudget && eldest.hasNext()) {
      keptWeight -= eldest.next().weight();
      eldest.remove();
    }
  }

  private void forget(String instanceId) {
    Kept before = committedHeaders.remove(instanceId);
    if (before != null) {
      keptWeight -= before.weight();
    }
  }

  /** Marks, in the entries store, that its live-status list entries have all moved out. */
  static final String LIVE_MOVED_KEY = "!ls-live-moved";

  private static final List<String> LIVE_PREFIXES =
      java.util.Arrays.stream(WorkflowStatus.values())
          .filter(status -> !status.isTerminal())
          .flatMap(
              status ->
                  java.util.stream.Stream.of("!ls/s/" + status + "/", "!ls/sw/" + status + "/"))
          .sorted() // moveResume relies on walking them in key order
          .toList();

  /** Where the live statuses' entries were last moved from: the next call goes on after it. */
  private String moveResume;

  /**
   * Whether the entries store is known to hold no live-status list entries any more. Until then a
   * live key not in the live store is looked for in the entries store too, and its delete goes to
   * both: an entry deleted before it was moved must not be moved later.
   */
  private boolean liveMoved;

  /**
   * Moves up to {@code budget} live-status list entries that an earlier version kept in the entries
   * store to the live store, writing to the stores directly: call it between inputs, never with
   * writes buffered. Returns true once nothing is left to move (and at once when there is no store
   * of their own), so a caller stops calling it.
   */
  public boolean moveLiveEntries(int budget) {
    if (live == entries || liveMoved) {
      return true;
    }
    if (!entryWrites.isEmpty() || !instanceWrites.isEmpty()) {
      throw new IllegalStateException("moveLiveEntries with writes buffered");
    }
    if (entries.get(LIVE_MOVED_KEY) != null) {
      liveMoved = true;
      return true;
    }
    int[] moved = {0};
    for (String prefix : LIVE_PREFIXES) {
      if (moveResume != null && moveResume.compareTo(prefix + Character.MAX_VALUE) >= 0) {
        continue; // this prefix was emptied by an earlier call
      }
      List<Map.Entry<String, StoredEntry>> batch = new ArrayList<>();
      Predicate<Map.Entry<String, StoredEntry>> take =
          e -> {
            batch.add(e);
            return moved[0] + batch.size() < budget;
          };
      if (moveResume != null && moveResume.startsWith(prefix)) {
        entries.range(moveResume + '\u0000', prefix + Character.MAX_VALUE, take);
      } else {
        entries.scan(prefix, take);
      }
      for (Map.Entry<String, StoredEntry> e : batch) {
        live.put(e.getKey(), e.getValue());
        entries.delete(e.getKey());
        moveResume = e.getKey();
      }
      moved[0] += batch.size();
      if (moved[0] >= budget) {
        return false;
      }
      moveResume = prefix + Character.MAX_VALUE;
    }
    entries.put(LIVE_MOVED_KEY, ListEntry.MARK);
    liveMoved = true;
    return true;
  }

  /** Whether a key is a live status's list entry: {@code !ls/s/RUNNING/...}, say. */
  static boolean isLiveListKey(String key) {
    if (!key.startsWith("!ls/s")) {
      return false; // every other key, at the cost of one comparison
    }
    for (String prefix : LIVE_PREFIXES) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private OrderedKv<StoredEntry> storeOf(String key) {
    return live != entries && isLiveListKey(key) ? live : entries;
  }

  /** Writes what this input changed to the stores and forgets the buffers. */
  @Override
  public void flush() {
    instanceWrites.forEach(
        (key, value) -> {
          if (value != null) {
            instances.put(key, value);
          } else {
            instances.delete(key);
          }
        });
    if (committedHeaders != null) {
      instanceWrites.forEach(
          (key, value) -> {
            if (value != null) {
              keep(key, value);
            } else {
              forget(key);
            }
          });
      for (String read : instanceCache.keySet()) {
        if (!instanceWrites.containsKey(read)) {
          forget(read); // read, maybe changed, not written: not known to match
        }
      }
    }
    entryWrites.forEach(
        (key, value) -> {
          OrderedKv<StoredEntry> store = storeOf(key);
          if (value.isPresent()) {
            store.put(key, value.get());
          } else {
            store.delete(key);
            if (store != entries && !liveMoved) {
              entries.delete(key); // it may not have been moved yet
            }
          }
        });
    clearBuffers();
  }

  /** Forgets this input's reads and writes; the stores are left as they were. */
  @Override
  public void discard() {
    if (committedHeaders != null) {
      // The engine may have changed the headers it read before it gave up on them.
      instanceCache.keySet().forEach(this::forget);
    }
    clearBuffers();
  }

  /**
   * Ends a unit of work that only read: as {@link #discard()}, but the headers it read stay
   * decoded, for the next unit of work. The caller vouches that it changed none of them.
   */
  @Override
  public void release() {
    if (!instanceWrites.isEmpty() || !entryWrites.isEmpty()) {
      throw new IllegalStateException("release() after writes: flush or discard them");
    }
    clearBuffers();
  }

  private void clearBuffers() {
    instanceCache.clear();
    instanceWrites.clear();
    entryReads.clear();
    entryWrites.clear();
    bornHere.clear();
  }

  @Override
  public InstanceState instance(String instanceId) {
    if (instanceWrites.containsKey(instanceId) && instanceWrites.get(instanceId) == null) {
      return null;
    }
    InstanceState cached = instanceCache.get(instanceId);
    if (cached == null) {
      Kept kept = committedHeaders == null ? null : committedHeaders.get(instanceId);
      cached = kept == null ? null : kept.header();
      if (cached == null) {
        cached = instances.get(instanceId);
      }
      if (cached != null) {
        instanceCache.put(instanceId, cached);
      }
    }
    return cached;
  }

  @Override
  public TaskState task(String instanceId, String taskId) {
    return (TaskState) entry(taskKey(instanceId, taskId));
  }

  @Override
  public GroupEntry group(String instanceId, int index) {
    return (GroupEntry) entry(instanceId + "/g/" + pad(index));
  }

  @Override
  public Plan plan(String instanceId) {
    PlanEntry entry = (PlanEntry) entry(instanceId + "/plan");
    return entry == null ? null : entry.plan();
  }

  @Override
  public WorkflowDefinition definition(String instanceId) {
    DefinitionEntry entry = (DefinitionEntry) entry(instanceId + "/def");
    return entry == null ? null : entry.definition();
  }

  @Override
  public void putDefinition(String instanceId, WorkflowDefinition definition) {
    write(instanceId + "/def", new DefinitionEntry(definition));
  }

  @Override
  public List<InstanceState> listInstances(
      WorkflowStatus status, String workflowId, ListPosition after, int limit) {
    String prefix = listPrefix(status, workflowId);
    List<InstanceState> page = new ArrayList<>(Math.min(limit, 1024));
    String from = after == null ? null : prefix + listSuffix(after.createdAt(), after.instanceId());
    for (Map.Entry<String, StoredEntry> e : scan(prefix, from, limit)) {
      String key = e.getKey();
      InstanceState instance = instance(key.substring(key.lastIndexOf('/') + 1));
      if (instance != null) {
        page.add(instance);
      }
    }
    return page;
  }

  @Override
  public void listed(InstanceState instance, WorkflowStatus previous) {
    String suffix = listSuffix(instance.createdAt, instance.instanceId);
    if (previous == null) {
      add(listPrefix(null, null) + suffix, ListEntry.MARK);
      add(listPrefix(null, instance.workflowId) + suffix, ListEntry.MARK);
    } else {
      write(listPrefix(previous, null) + suffix, null);
      write(listPrefix(previous, instance.workflowId) + suffix, null);
    }
    add(listPrefix(instance.status, null) + suffix, ListEntry.MARK);
    add(listPrefix(instance.status, instance.workflowId) + suffix, ListEntry.MARK);
  }

  @Override
  public void deleteInstance(InstanceState instance) {
    String id = instance.instanceId;
    String suffix = listSuffix(instance.createdAt, id);
    write(listPrefix(null, null) + suffix, null);
    write(listPrefix(null, instance.workflowId) + suffix, null);
    write(listPrefix(instance.status, null) + suffix, null);
    write(listPrefix(instance.status, instance.workflowId) + suffix, null);
    for (Map.Entry<String, StoredEntry> e : scan(id + "/", Integer.MAX_VALUE)) {
      write(e.getKey(), null);
    }
    instanceCache.remove(id);
    instanceWrites.put(id, null);
  }

  private static String listPrefix(WorkflowStatus status, String workflowId) {
    if (status == null) {
      return workflowId == null ? "!ls/a/" : "!ls/w/" + workflowId + "/";
    }
    return workflowId == null
        ? "!ls/s/" + status.name() + "/"
        : "!ls/sw/" + status.name() + "/" + workflowId + "/";
  }

  private static String listSuffix(long createdAt, String instanceId) {
    return descending(createdAt) + "/" + instanceId;
  }

  @Override
  public boolean hasSeenCommand(String instanceId, String commandId) {
    return entry(commandKey(instanceId, commandId)) != null;
  }

  @Override
  public List<IndexEntry> readyTasks(String instanceId, int limit) {
    InstanceState instance = instance(instanceId);
    if (isReadyInline(instance)) {
      return inline(instance.ready, BY_ORDER, true, limit);
    }
    return head(instanceId, instance.readyHead, "/r/", limit);
  }

  @Override
  public List<IndexEntry> frontierByTail(String instanceId, int limit) {
    InstanceState instance = instance(instanceId);
    if (isFrontierInline(instance)) {
      return inline(instance.frontier, BY_TAIL, true, limit);
    }
    return head(instanceId, instance.tailHead, "/ft/", limit);
  }

  @Override
  public List<IndexEntry> frontierByEstimate(String instanceId, int limit) {
    InstanceState instance = instance(instanceId);
    if (isFrontierInline(instance)) {
      return inline(instance.frontier, BY_ESTIMATE, false, limit);
    }
    return head(instanceId, instance.estimateHead, "/fe/", limit);
  }

  /**
   * How many tasks the header holds for the ready index, and for the frontier, before they move to
   * the indexes: all of them in most workflows, and about 1.5 KB of header each at most.
   */
  public static final int INLINE_TASKS = 64;

  /** The order of the ready index's keys: execution order. */
  private static final Comparator<InlineTask> BY_ORDER =
      Comparator.comparingInt(InlineTask::orderIndex);

  /** The order of the longest-chain index's keys: longest chain first, then execution order. */
  private static final Comparator<InlineTask> BY_TAIL =
      Comparator.comparingLong(InlineTask::tailMs)
          .reversed()
          .thenComparingInt(InlineTask::orderIndex);

  /** The order of the estimate index's keys: longest estimate first, then execution order. */
  private static final Comparator<InlineTask> BY_ESTIMATE =
      Comparator.comparingLong(InlineTask::estimateMs)
          .reversed()
          .thenComparingInt(InlineTask::orderIndex);

  /**
   * Whether the instance's ready tasks are in its header: the index is empty. (Never both: tasks
   * are added to the header only while the index is empty, and all move to it when it is full.)
   */
  private static boolean isReadyInline(InstanceState instance) {
    return instance.readyHead.count == 0;
  }

  /** As {@link #isReadyInline}, for the frontier and its two indexes. */
  private static boolean isFrontierInline(InstanceState instance) {
    return instance.tailHead.count == 0 && instance.estimateHead.count == 0;
  }

  /** The first {@code limit} of a header's tasks in an index's order. */
  private static List<IndexEntry> inline(
      List<InlineTask> kept, Comparator<InlineTask> order, boolean withWaiting, int limit) {
    List<InlineTask> tasks = new ArrayList<>(kept.size());
    for (InlineTask task : kept) {
      if (withWaiting || !task.waiting()) {
        tasks.add(task);
      }
    }
    tasks.sort(order);
    List<IndexEntry> entries = new ArrayList<>(Math.min(limit, tasks.size()));
    for (InlineTask task : tasks) {
      if (entries.size() == limit) {
        break;
      }
      entries.add(task.entry());
    }
    return entries;
  }

  /**
   * Adds a task to the header's ready tasks (or, with {@code frontier}, its frontier) when they are
   * there and there is room; true when done. When the header holds as many as it may, they all move
   * to the index (or indexes) first, and this returns false: the caller writes the task there.
   */
  private boolean addInline(String instanceId, boolean frontier, InlineTask task) {
    InstanceState instance = changed(instanceId);
    if (frontier ? !isFrontierInline(instance) : !isReadyInline(instance)) {
      return false;
    }
    List<InlineTask> kept = frontier ? instance.frontier : instance.ready;
    if (kept.size() < INLINE_TASKS) {
      kept.add(task);
      return true;
    }
    if (frontier) {
      instance.frontier = new ArrayList<>();
    } else {
      instance.ready = new ArrayList<>();
    }
    for (InlineTask moved : kept) {
      IndexEntry entry = moved.entry();
      int order = moved.orderIndex();
      if (!frontier) {
        writeIndex(instance.readyHead, readyKey(instanceId, order), entry, IndexHead::added);
      } else if (moved.waiting()) {
        writeIndex(
            instance.tailHead, tailKey(instanceId, moved.tailMs(), order), entry, IndexHead::added);
      } else {
        writeFrontier(
            instanceId, moved.tailMs(), moved.estimateMs(), order, entry, IndexHead::added);
      }
    }
    return false;
  }

  /**
   * Replaces (or, with a null task, removes) a task the header holds for the ready index (or, with
   * {@code frontier}, the frontier); false when they are in the index (or indexes).
   */
  private boolean replaceInline(
      String instanceId, boolean frontier, String taskId, boolean waiting, InlineTask task) {
    InstanceState instance = changed(instanceId);
    if (frontier ? !isFrontierInline(instance) : !isReadyInline(instance)) {
      return false;
    }
    List<InlineTask> kept = frontier ? instance.frontier : instance.ready;
    for (int i = 0; i < kept.size(); i++) {
      InlineTask held = kept.get(i);
      if (held.waiting() == waiting && held.taskId().equals(taskId)) {
        if (task == null) {
          kept.remove(i);
        } else {
          kept.set(i, task);
        }
        return true;
      }
    }
    throw new IllegalStateException(
        "Task "
            + taskId
            + (frontier
                ? (waiting ? " is not held at the barrier" : " is not on the frontier")
                : " is not ready")
            + " of instance "
            + instanceId);
  }

  /**
   * The first {@code limit} entries of an index: from its kept head when that suffices. A read: the
   * head is refilled by the writes that empty it ({@link #refill}), never here, so a query or a
   * metrics snapshot changes nothing.
   */
  private List<IndexEntry> head(String instanceId, IndexHead head, String index, int limit) {
    int wanted = Math.min(limit, head.count);
    List<IndexEntry> result = new ArrayList<>(wanted);
    for (IndexHead.Slot slot : head.head) {
      if (result.size() == wanted) {
        return result;
      }
      result.add(slot.entry());
    }
    if (result.size() < wanted) {
      // The head is a prefix of the index: what follows starts just after its last key (or its
      // floor), so the scan seeks there and never steps over entries the head already gave up.
      List<Map.Entry<String, StoredEntry>> next =
          scan(instanceId + index, head.resumeAfter(), wanted - result.size());
      if (result.size() + next.size() < wanted) {
        throw new IllegalStateException(
            "Index "
                + instanceId
                + index
                + " holds "
                + (result.size() + next.size())
                + " entries, but its head counts "
                + head.count);
      }
      next.forEach(e -> result.add((IndexEntry) e.getValue()));
    }
    return result;
  }

  /**
   * Tops the head of an index up to what it can hold after a removal, from the entries that follow
   * it: the header is being written anyway, and the next read finds the head full.
   */
  private void refill(IndexHead head, String index) {
    int missing = Math.min(head.count, IndexHead.CAPACITY) - head.head.size();
    if (missing > 0) {
      for (Map.Entry<String, StoredEntry> e : scan(index, head.resumeAfter(), missing)) {
        head.head.add(new IndexHead.Slot(e.getKey(), (IndexEntry) e.getValue()));
      }
    }
  }

  @Override
  public List<TaskState> tasks(String instanceId) {
    List<TaskState> tasks = new ArrayList<>();
    for (Map.Entry<String, StoredEntry> e : scan(instanceId + "/t/", Integer.MAX_VALUE)) {
      tasks.add((TaskState) e.getValue());
    }
    return tasks;
  }

  @Override
  public void putInstance(InstanceState instance) {
    instanceCache.put(instance.instanceId, instance);
    instanceWrites.put(instance.instanceId, instance);
  }

  @Override
  public void putTask(String instanceId, TaskState task) {
    write(taskKey(instanceId, task.taskId), task);
  }

  @Override
  public void putGroup(String instanceId, GroupEntry group) {
    write(instanceId + "/g/" + pad(group.index()), group);
  }

  @Override
  public void putPlan(String instanceId, Plan plan) {
    write(instanceId + "/plan", new PlanEntry(plan));
  }

  @Override
  public void markCommandSeen(String instanceId, String commandId, long at) {
    write(commandKey(instanceId, commandId), new CommandSeen(at));
  }

  @Override
  public void addReady(String instanceId, TaskState task) {
    if (!addInline(instanceId, false, InlineTask.ready(task))) {
      writeIndex(
          changed(instanceId).readyHead,
          readyKey(instanceId, task),
          IndexEntry.ready(task),
          IndexHead::added);
    }
  }

  @Override
  public void removeReady(String instanceId, TaskState task) {
    if (!replaceInline(instanceId, false, task.taskId, false, null)) {
      writeIndex(changed(instanceId).readyHead, readyKey(instanceId, task), null, REMOVED);
    }
  }

  @Override
  public void addFrontier(String instanceId, TaskState task) {
    if (!addInline(instanceId, true, InlineTask.frontier(task, false))) {
      writeFrontier(instanceId, task, IndexEntry.frontier(task), IndexHead::added);
    }
  }

  @Override
  public void updateFrontier(String instanceId, TaskState task) {
    if (!replaceInline(instanceId, true, task.taskId, false, InlineTask.frontier(task, false))) {
      writeFrontier(instanceId, task, IndexEntry.frontier(task), UPDATED);
    }
  }

  @Override
  public void removeFrontier(String instanceId, TaskState task) {
    if (!replaceInline(instanceId, true, task.taskId, false, null)) {
      writeFrontier(instanceId, task, null, REMOVED);
    }
  }

  @Override
  public void addWaiting(String instanceId, TaskState task) {
    if (!addInline(instanceId, true, InlineTask.frontier(task, true))) {
      writeIndex(
          changed(instanceId).tailHead,
          tailKey(instanceId, task),
          IndexEntry.frontier(task),
          IndexHead::added);
    }
  }

  @Override
  public void removeWaiting(String instanceId, TaskState task) {
    if (!replaceInline(instanceId, true, task.taskId, true, null)) {
      writeIndex(changed(instanceId).tailHead, tailKey(instanceId, task), null, REMOVED);
    }
  }

  /** How a write to an index shows in its head. */
  @FunctionalInterface
  private interface HeadChange {
    void apply(IndexHead head, String key, IndexEntry entry);
  }

  private static final HeadChange REMOVED = (head, key, entry) -> head.removed(key);

  private static final HeadChange UPDATED = IndexHead::updated;

  /** Writes (or, with a null entry, deletes) both frontier entries of a task. */
  private void writeFrontier(
      String instanceId, TaskState task, IndexEntry entry, HeadChange change) {
    writeFrontier(
        instanceId, task.tailMs, task.estimatedDurationMs, task.orderIndex, entry, change);
  }

  private void writeFrontier(
      String instanceId,
      long tailMs,
      long estimateMs,
      int orderIndex,
      IndexEntry entry,
      HeadChange change) {
    InstanceState instance = changed(instanceId);
    writeIndex(instance.tailHead, tailKey(instanceId, tailMs, orderIndex), entry, change);
    writeIndex(
        instance.estimateHead, estimateKey(instanceId, estimateMs, orderIndex), entry, change);
  }

  /** Writes (or, with a null entry, deletes) one index entry and keeps its head in step. */
  private void writeIndex(IndexHead head, String key, IndexEntry entry, HeadChange change) {
    if (change != REMOVED && change != UPDATED) {
      add(key, entry);
    } else {
      write(key, entry);
    }
    change.apply(head, key, entry);
    if (entry == null) {
      refill(head, indexOf(key));
    }
  }

  @Override
  public String scheduleTimer(
      TimerKind kind, String instanceId, String taskId, int attempt, long dueAt) {
    String watermark = timerWatermark();
    long due = dueAt;
    String key = timerKey(due, instanceId, kind, taskId, attempt);
    if (key.compareTo(watermark) <= 0) {
      // Behind the scans: due already passed. The next millisecond is the earliest it can fire.
      due = dueTimeOf(watermark) + 1;
      key = timerKey(due, instanceId, kind, taskId, attempt);
    }
    write(key, new TimerEntry(instanceId, kind, taskId, attempt, due));
    return key;
  }

  @Override
  public void cancelTimer(String timerKey) {
    if (timerKey != null) {
      write(timerKey, null);
    }
  }

  /**
   * The earliest timer due at or before {@code now}, read from the store: called between inputs,
   * when nothing is buffered.
   */
  @Override
  public Map.Entry<String, TimerEntry> nextDueTimer(long now) {
    if (!entryWrites.isEmpty()) {
      throw new IllegalStateException("Timers are read between inputs, not during one");
    }
    String watermark = timerWatermark();
    String to = TIMER_PREFIX + timerTime(now + 1);
    if (watermark.compareTo(to) >= 0) {
      return null;
    }
    List<Map.Entry<String, TimerEntry>> due = new ArrayList<>(1);
    entries.range(
        watermark + '\u0000',
        to,
        e -> {
          due.add(Map.entry(e.getKey(), (TimerEntry) e.getValue()));
          return false;
        });
    return due.isEmpty() ? null : due.get(0);
  }

  /** The timer under {@code timerKey}, or null when it has fired or was cancelled. */
  @Override
  public TimerEntry timer(String timerKey) {
    return (TimerEntry) entry(timerKey);
  }

  /**
   * Takes a timer fired ahead of the scans (because an input of its instance came after its due
   * time) out of the index. The watermark stays: timers before this one have not all fired.
   */
  @Override
  public void timerFiredEarly(String timerKey) {
    write(timerKey, null);
  }

  /** Takes a fired timer out of the index; the scans move past it. */
  @Override
  public void timerFired(String timerKey, TimerEntry timer) {
    write(timerKey, null);
    if (timerKey.compareTo(timerWatermark()) > 0) {
      write(WATERMARK_KEY, new TimerWatermark(timerKey));
    }
  }

  /**
   * Nothing is due at or before {@code now}: moves the watermark up, so later scans skip the
   * tombstones of timers cancelled before they were due. Written at most once per {@code step} ms,
   * since this runs for every input.
   */
  @Override
  public void noTimersDueBefore(long now, long step) {
    String watermark = timerWatermark();
    if (now - dueTimeOf(watermark) >= step) {
      // '~' sorts after every character of an id: past every key due at {@code now}.
      write(WATERMARK_KEY, new TimerWatermark(TIMER_PREFIX + timerTime(now) + "/~"));
    }
  }

  private String timerWatermark() {
    TimerWatermark watermark = (TimerWatermark) entry(WATERMARK_KEY);
    return watermark == null ? TIMER_PREFIX : watermark.key();
  }

  private static String timerKey(
      long due, String instanceId, TimerKind kind, String taskId, int attempt) {
    return TIMER_PREFIX
        + timerTime(due)
        + "/"
        + instanceId
        + "/"
        + kind
        + "/"
        + (taskId == null ? "" : taskId)
        + "/"
        + attempt;
  }

  @Override
  public long dueOf(String timerKey) {
    return dueTimeOf(timerKey);
  }

  /** The due time a timer key (or the watermark) stands for; 0 before any. */
  static long dueTimeOf(String key) {
    if (key.length() < TIMER_PREFIX.length() + 19) {
      return 0;
    }
    return Long.parseLong(key.substring(TIMER_PREFIX.length(), TIMER_PREFIX.length() + 19));
  }

  /** The instance, marked to be written back: its index heads are about to change. */
  private InstanceState changed(String instanceId) {
    InstanceState instance = instance(instanceId);
    instanceWrites.put(instanceId, instance);
    return instance;
  }

  private StoredEntry entry(String key) {
    Optional<StoredEntry> written = entryWrites.get(key);
    if (written != null) {
      return written.orElse(null);
    }
    StoredEntry read = entryReads.get(key);
    if (read == null) {
      OrderedKv<StoredEntry> store = storeOf(key);
      read = store.get(key);
      if (read == null && store != entries && !liveMoved) {
        read = entries.get(key); // not moved yet
      }
      if (read != null) {
        entryReads.put(key, read);
      }
    }
    return read;
  }

  private void write(String key, StoredEntry value) {
    if (value == null && bornHere.remove(key)) {
      entryWrites.remove(key);
      return;
    }
    entryWrites.put(key, Optional.ofNullable(value));
  }

  /** Writes a key the stores do not hold (see {@link #bornHere}). */
  private void add(String key, StoredEntry value) {
    if (!entryWrites.containsKey(key)) {
      bornHere.add(key);
    }
    entryWrites.put(key, Optional.of(value));
  }

  /**
   * Up to {@code limit} entries under {@code prefix}: the store's, with this input's buffered
   * writes laid over them. A merge of two sorted sequences that stops at {@code limit}, so its cost
   * is what it returns plus what it skips, however much is buffered.
   */
  private List<Map.Entry<String, StoredEntry>> scan(String prefix, int limit) {
    return scan(prefix, null, limit);
  }

  /** As {@link #scan(String, int)}, starting just after {@code after} (null: at the start). */
  private List<Map.Entry<String, StoredEntry>> scan(String prefix, String after, int limit) {
    String end = prefix + Character.MAX_VALUE;
    Overlay overlay =
        new Overlay(
            (after == null
                    ? entryWrites.subMap(prefix, true, end, false)
                    : entryWrites.subMap(after, false, end, false))
                .entrySet()
                .iterator());
    List<Map.Entry<String, StoredEntry>> result = new ArrayList<>();
    Predicate<Map.Entry<String, StoredEntry>> visitor =
        stored -> {
          // Buffered writes that sort before this stored key come first.
          while (overlay.isBefore(stored.getKey()) && result.size() < limit) {
            overlay.takeInto(result);
          }
          if (result.size() >= limit) {
            return false;
          }
          if (overlay.isAt(stored.getKey())) {
            overlay.takeInto(result);
          } else {
            StoredEntry read = entryReads.get(stored.getKey());
            result.add(read != null ? Map.entry(stored.getKey(), read) : stored);
          }
          return result.size() < limit;
        };
    if (limit > 0) {
      OrderedKv<StoredEntry> store = storeOf(prefix);
      if (after == null) {
        store.scan(prefix, visitor);
      } else {
        store.range(after + '\u0000', end, visitor);
      }
    }
    while (overlay.hasNext() && result.size() < limit) {
      overlay.takeInto(result);
    }
    return result;
  }

  /** The buffered writes under a prefix, walked in key order beside the store's entries. */
  private static final class Overlay {

    private final Iterator<Map.Entry<String, Optional<StoredEntry>>> writes;
    private Map.Entry<String, Optional<StoredEntry>> next;

    Overlay(Iterator<Map.Entry<String, Optional<StoredEntry>>> writes) {
      this.writes = writes;
      this.next = writes.hasNext() ? writes.next() : null;
    }

    boolean hasNext() {
      return next != null;
    }

    boolean isBefore(String key) {
      return next != null && next.getKey().compareTo(key) < 0;
    }

    boolean isAt(String key) {
      return next != null && next.getKey().equals(key);
    }

    /** Adds the next write to {@code result} unless it is a delete, and moves on. */
    void takeInto(List<Map.Entry<String, StoredEntry>> result) {
      String key = next.getKey();
      next.getValue().ifPresent(value -> result.add(Map.entry(key, value)));
      next = writes.hasNext() ? writes.next() : null;
    }
  }

  private static String taskKey(String instanceId, String taskId) {
    return instanceId + "/t/" + taskId;
  }

  private static String commandKey(String instanceId, String commandId) {
    return instanceId + "/c/" + commandId;
  }

  /** The index an index key belongs to, "{instanceId}/r/" say: ids have no '/'. */
  private static String indexOf(String key) {
    return key.substring(0, key.indexOf('/', key.indexOf('/') + 1) + 1);
  }

  private static String readyKey(String instanceId, TaskState task) {
    return readyKey(instanceId, task.orderIndex);
  }

  private static String readyKey(String instanceId, int orderIndex) {
    return instanceId + "/r/" + pad(orderIndex);
  }

  private static String tailKey(String instanceId, TaskState task) {
    return tailKey(instanceId, task.tailMs, task.orderIndex);
  }

  private static String tailKey(String instanceId, long tailMs, int orderIndex) {
    return instanceId + "/ft/" + descending(tailMs) + "/" + pad(orderIndex);
  }

  private static String estimateKey(String instanceId, long estimateMs, int orderIndex) {
    return instanceId + "/fe/" + descending(estimateMs) + "/" + pad(orderIndex);
  }

  /** Timer keys: '!' sorts before every id character, so no instance key falls in the range. */
  private static final String TIMER_PREFIX = "!timer/";

  private static final String WATERMARK_KEY = "!timer-watermark";

  /** Ascending 19-digit zero-padded (due times are never negative). */
  private static String timerTime(long n) {
    return zeroPadded(Long.toString(Math.max(0, n)), 19);
  }

  /** Zero-padded to 10 digits, so key order is numeric order (String.format is too slow here). */
  private static String pad(int n) {
    return zeroPadded(Integer.toString(n), 10);
  }

  /** Larger first: zero-padded 19-digit complement. */
  private static String descending(long n) {
    return zeroPadded(Long.toString(Long.MAX_VALUE - n), 19);
  }

  private static String zeroPadded(String digits, int width) {
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }
}
