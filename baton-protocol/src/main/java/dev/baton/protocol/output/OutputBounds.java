package dev.baton.protocol.output;

import dev.baton.protocol.Texts;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.TaskDefinition;
import java.util.List;

/**
 * Upper bounds of the size of the records a definition makes Baton write (outputs and changelog
 * records), computed from the definition alone, without encoding anything: so a definition whose
 * outputs would not fit is refused when it is created, never found out when a record is too large
 * to write.
 *
 * <p>Ids match the id pattern, so their JSON is as long as they are (plus quotes and a comma);
 * other text may need escaping, at most six bytes for each of its bytes.
 */
public final class OutputBounds {

  /** Room for a record's envelope and fixed fields: type, ids, seq, status, numbers. */
  static final long ENVELOPE_BYTES = 1_024;

  private OutputBounds() {}

  /** The {@code WorkflowCreated} status event, which carries the whole plan. */
  public static long workflowCreated(Plan plan) {
    long bytes = ENVELOPE_BYTES + ids(plan.executionOrder()) + ids(plan.criticalPath());
    for (List<String> group : plan.parallelGroups()) {
      bytes += 3 + ids(group);
    }
    return bytes;
  }

  /** A dispatch of {@code task}: its name, and its input written as it came. */
  public static long dispatch(TaskDefinition task) {
    return ENVELOPE_BYTES
        + task.id().length()
        + Texts.jsonStringBytes(task.name())
        + Texts.utf8Bytes(task.inputJson());
  }

  /**
   * The stored entry of {@code task}, which its changelog record carries: the input kept as a JSON
   * string (escaped), its name, and the ids of the tasks that wait for it.
   */
  public static long storedTask(TaskDefinition task, List<String> dependents) {
    return ENVELOPE_BYTES
        + task.id().length()
        + Texts.jsonStringBytes(task.name())
        + Texts.jsonStringBytes(task.inputJson())
        + ids(dependents);
  }

  private static long ids(List<String> ids) {
    long bytes = 2;
    for (String id : ids) {
      bytes += id.length() + 3;
    }
    return bytes;
  }
}
