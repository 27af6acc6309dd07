package dev.baton.engine.state;

import dev.baton.domain.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workflow state over two ordered key-value stores: one small header per instance, and the
 * instance's entries (tasks, groups, plan, indexes) under keys prefixed with its id.
 *
 * <p>Reads of headers and tasks are cached for the duration of one input and written back once by
 * {@link #flush()}, so an input that touches a value several times pays one read and one write.
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
  private final Map<String, TaskState> taskCache = new HashMap<>();
  private final Set<String> dirtyInstances = new HashSet<>();
  private final Set<String> dirtyTasks = new HashSet<>();

  public KvWorkflowState(OrderedKv<InstanceState> instances, OrderedKv<StoredEntry> entries) {
    this.instances = instances;
    this.entries = entries;
  }

  /** Writes back what this input changed and forgets the cache. */
  public void flush() {
    for (String id : dirtyInstances) {
      instances.put(id, instanceCache.get(id));
    }
    for (String key : dirtyTasks) {
      entries.put(key, taskCache.get(key));
    }
    discard();
  }

  /** Forgets the cache without writing it. */
  public void discard() {
    instanceCache.clear();
    taskCache.clear();
    dirtyInstances.clear();
    dirtyTasks.clear();
  }

  @Override
  public InstanceState instance(String instanceId) {
    return instanceCache.computeIfAbsent(instanceId, instances::get);
  }

  @Override
  public TaskState task(String instanceId, String taskId) {
    String key = taskKey(instanceId, taskId);
    return taskCache.computeIfAbsent(key, k -> (TaskState) entries.get(k));
  }

  @Override
  public GroupEntry group(String instanceId, int index) {
    return (GroupEntry) entries.get(instanceId + "/g/" + pad(index));
  }

  @Override
  public Plan plan(String instanceId) {
    PlanEntry entry = (PlanEntry) entries.get(instanceId + "/plan");
    return entry == null ? null : entry.plan();
  }

  @Override
  public boolean hasSeenCommand(String instanceId, String commandId) {
    return entries.get(commandKey(instanceId, commandId)) != null;
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
    for (Map.Entry<String, StoredEntry> e : entries.scan(instanceId + "/t/", Integer.MAX_VALUE)) {
      TaskState cached = taskCache.get(e.getKey());
      tasks.add(cached != null ? cached : (TaskState) e.getValue());
    }
    return tasks;
  }

  @Override
  public void putInstance(InstanceState instance) {
    instanceCache.put(instance.instanceId, instance);
    dirtyInstances.add(instance.instanceId);
  }

  @Override
  public void putTask(String instanceId, TaskState task) {
    String key = taskKey(instanceId, task.taskId);
    taskCache.put(key, task);
    dirtyTasks.add(key);
  }

  @Override
  public void putGroup(String instanceId, GroupEntry group) {
    entries.put(instanceId + "/g/" + pad(group.index()), group);
  }

  @Override
  public void putPlan(String instanceId, Plan plan) {
    entries.put(instanceId + "/plan", new PlanEntry(plan));
  }

  @Override
  public void markCommandSeen(String instanceId, String commandId, long at) {
    entries.put(commandKey(instanceId, commandId), new CommandSeen(at));
  }

  @Override
  public void addReady(String instanceId, TaskState task) {
    entries.put(readyKey(instanceId, task), new IndexEntry(task.taskId));
  }

  @Override
  public void removeReady(String instanceId, TaskState task) {
    entries.delete(readyKey(instanceId, task));
  }

  @Override
  public void addFrontier(String instanceId, TaskState task) {
    IndexEntry entry = new IndexEntry(task.taskId);
    entries.put(tailKey(instanceId, task), entry);
    entries.put(estimateKey(instanceId, task), entry);
  }

  @Override
  public void removeFrontier(String instanceId, TaskState task) {
    entries.delete(tailKey(instanceId, task));
    entries.delete(estimateKey(instanceId, task));
  }

  private List<String> taskIds(String prefix, int limit) {
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, StoredEntry> e : entries.scan(prefix, limit)) {
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
