package dev.baton.engine.state;

import dev.baton.domain.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Workflow state over two ordered key-value stores: one small header per instance, and the
 * instance's entries (tasks, groups, plan, indexes) under keys prefixed with its id.
 *
 * <p>Every write of one input is buffered and reaches the stores only at {@link #flush()}: an input
 * that touches a value several times pays one read and one write, and an input whose processing
 * throws leaves the stores exactly as they were ({@link #discard()}).
 *
 * <p>Entry keys ('/' cannot occur in an id):
 * <pre>
 *   id/plan                          the plan
 *   id/t/taskId                      a task
 *   id/g/00000003                    a parallel group
 *   id/c/commandId                   a seen command id
 *   id/r/order                       READY tasks by execution order
 *   id/ft/(MAX-tailMs)/order         READY or RUNNING tasks, longest remaining chain first
 *   id/fe/(MAX-estimate)/order       READY or RUNNING tasks, longest estimate first
 * </pre>
 */
public final class KvWorkflowState implements MutableWorkflowState {

  private final OrderedKv<InstanceState> instances;
  private final OrderedKv<StoredEntry> entries;
  private final Map<String, InstanceState> instanceCache = new HashMap<>();
  private final Map<String, InstanceState> instanceWrites = new HashMap<>();
  private final Map<String, StoredEntry> entryReads = new HashMap<>();
  /** Buffered entry writes; an empty value is a delete. Sorted, to overlay prefix scans. */
  private final TreeMap<String, Optional<StoredEntry>> entryWrites = new TreeMap<>();

  public KvWorkflowState(OrderedKv<InstanceState> instances, OrderedKv<StoredEntry> entries) {
    this.instances = instances;
    this.entries = entries;
  }

  /** Writes what this input changed to the stores and forgets the buffers. */
  public void flush() {
    instanceWrites.forEach(instances::put);
    entryWrites.forEach((key, value) -> {
      if (value.isPresent()) {
        entries.put(key, value.get());
      } else {
        entries.delete(key);
      }
    });
    discard();
  }

  /** Forgets this input's reads and writes; the stores are left as they were. */
  public void discard() {
    instanceCache.clear();
    instanceWrites.clear();
    entryReads.clear();
    entryWrites.clear();
  }

  @Override
  public InstanceState instance(String instanceId) {
    InstanceState cached = instanceCache.get(instanceId);
    if (cached == null) {
      cached = instances.get(instanceId);
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
  public boolean hasSeenCommand(String instanceId, String commandId) {
    return entry(commandKey(instanceId, commandId)) != null;
  }

  @Override
  public List<String> readyTasks(String instanceId, int limit) {
    return taskIds(instanceId + "/r/", limit);
  }

  @Override
  public List<String> frontierByTail(String instanceId, int limit) {
    return taskIds(instanceId + "/ft/", limit);
  }

  @Override
  public List<String> frontierByEstimate(String instanceId, int limit) {
    return taskIds(instanceId + "/fe/", limit);
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
    write(readyKey(instanceId, task), new IndexEntry(task.taskId));
  }

  @Override
  public void removeReady(String instanceId, TaskState task) {
    write(readyKey(instanceId, task), null);
  }

  @Override
  public void addFrontier(String instanceId, TaskState task) {
    IndexEntry entry = new IndexEntry(task.taskId);
    write(tailKey(instanceId, task), entry);
    write(estimateKey(instanceId, task), entry);
  }

  @Override
  public void removeFrontier(String instanceId, TaskState task) {
    write(tailKey(instanceId, task), null);
    write(estimateKey(instanceId, task), null);
  }

  private StoredEntry entry(String key) {
    Optional<StoredEntry> written = entryWrites.get(key);
    if (written != null) {
      return written.orElse(null);
    }
    StoredEntry read = entryReads.get(key);
    if (read == null) {
      read = entries.get(key);
      if (read != null) {
        entryReads.put(key, read);
      }
    }
    return read;
  }

  private void write(String key, StoredEntry value) {
    entryWrites.put(key, Optional.ofNullable(value));
  }

  /** The store's entries under {@code prefix} with this input's buffered writes laid over them. */
  private List<Map.Entry<String, StoredEntry>> scan(String prefix, int limit) {
    Map<String, Optional<StoredEntry>> overlay =
        entryWrites.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    int deletes = (int) overlay.values().stream().filter(Optional::isEmpty).count();
    int storeLimit = limit == Integer.MAX_VALUE ? limit : limit + deletes;
    TreeMap<String, StoredEntry> merged = new TreeMap<>();
    for (Map.Entry<String, StoredEntry> e : entries.scan(prefix, storeLimit)) {
      StoredEntry read = entryReads.get(e.getKey());
      merged.put(e.getKey(), read != null ? read : e.getValue());
    }
    overlay.forEach((key, value) -> {
      if (value.isPresent()) {
        merged.put(key, value.get());
      } else {
        merged.remove(key);
      }
    });
    List<Map.Entry<String, StoredEntry>> result = new ArrayList<>(Math.min(merged.size(), limit));
    for (Map.Entry<String, StoredEntry> e : merged.entrySet()) {
      if (result.size() >= limit) {
        break;
      }
      result.add(e);
    }
    return result;
  }

  private List<String> taskIds(String prefix, int limit) {
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, StoredEntry> e : scan(prefix, limit)) {
      ids.add(((IndexEntry) e.getValue()).taskId());
    }
    return ids;
  }

  private static String taskKey(String instanceId, String taskId) {
    return instanceId + "/t/" + taskId;
  }

  private static String commandKey(String instanceId, String commandId) {
    return instanceId + "/c/" + commandId;
  }

  private static String readyKey(String instanceId, TaskState task) {
    return instanceId + "/r/" + pad(task.orderIndex);
  }

  private static String tailKey(String instanceId, TaskState task) {
    return instanceId + "/ft/" + descending(task.tailMs) + "/" + pad(task.orderIndex);
  }

  private static String estimateKey(String instanceId, TaskState task) {
    return instanceId + "/fe/" + descending(task.estimatedDurationMs) + "/" + pad(task.orderIndex);
  }

  private static String pad(int n) {
    return String.format("%08d", n);
  }

  private static String descending(long n) {
    return String.format("%019d", Long.MAX_VALUE - n);
  }
}
