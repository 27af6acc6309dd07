package dev.baton.engine.state;

import dev.baton.protocol.Ids;

/**
 * A place in the newest-first order of instances: created at {@code createdAt}, then by id. Lists
 * resume just after one, so a page costs a seek and what it returns, however many are held.
 */
public record ListPosition(long createdAt, String instanceId) implements Comparable<ListPosition> {

  public ListPosition {
    if (!Ids.isValid(instanceId)) {
      throw new IllegalArgumentException("not an instance id: " + instanceId);
    }
  }

  public static ListPosition of(InstanceState instance) {
    return new ListPosition(instance.createdAt, instance.instanceId);
  }

  /** Newest first; among instances created in the same millisecond, by id. */
  @Override
  public int compareTo(ListPosition other) {
    int byTime = Long.compare(other.createdAt, createdAt);
    return byTime != 0 ? byTime : instanceId.compareTo(other.instanceId);
  }
}
