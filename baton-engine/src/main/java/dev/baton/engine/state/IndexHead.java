package dev.baton.engine.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The first few entries of one of an instance's ordered indexes, and how many entries the index
 * holds, kept in the instance header.
 *
 * <p>Why: the engine mostly asks for the head of an index (the next ready task, the frontier task
 * with the longest chain). In RocksDB, reading the head of a range whose earlier keys were deleted
 * means stepping over their tombstones, and the head is exactly what gets deleted: a chain of 5,000
 * tasks would step over thousands of tombstones per event. With the head here, most questions are
 * answered without a scan, and a rescan happens only when the kept head runs out.
 *
 * <p>Invariants: {@code head} is a prefix, in key order, of the index; it holds everything when
 * {@code head.size() == count}; and every entry whose key is at or before {@code floor} is in
 * {@code head}. So when the head runs out, the rest of the index starts after its last key, or
 * after the floor: a rescan seeks there and never steps over the entries the head gave up.
 * Maintained by {@link KvWorkflowState} alone.
 */
public final class IndexHead {

  /**
   * How many entries the head keeps: enough for what an event asks of an index (the metrics look at
   * 4), few enough to keep the header, rewritten on every event, small. A rescan is cheap: it seeks
   * past the head.
   */
  static final int CAPACITY = 4;

  public int count;
  public List<Slot> head = new ArrayList<>();

  /** The largest key removed from the head; null before any. */
  public String floor;

  /** One kept index entry and its store key. */
  public record Slot(String key, IndexEntry entry) {}

  boolean isComplete() {
    return head.size() == count;
  }

  int position(String key) {
    int low = 0;
    int high = head.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int cmp = head.get(mid).key().compareTo(key);
      if (cmp < 0) {
        low = mid + 1;
      } else if (cmp > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  /** A new entry: kept if it belongs to the prefix. */
  void added(String key, IndexEntry entry) {
    boolean wasComplete = isComplete();
    count++;
    int at = -(position(key) + 1);
    // Below the floor, nothing outside the head can precede it, even when the head is empty.
    if (wasComplete || at < head.size() || isAtOrBelowFloor(key)) {
      head.add(at, new Slot(key, entry));
      if (head.size() > CAPACITY) {
        Slot dropped = head.remove(head.size() - 1);
        if (isAtOrBelowFloor(dropped.key())) {
          floor = head.get(head.size() - 1).key();
        }
      }
    }
  }

  private boolean isAtOrBelowFloor(String key) {
    return floor != null && key.compareTo(floor) <= 0;
  }

  /** Where the entries not in the head start: after this key (null: at the index's start). */
  String resumeAfter() {
    return head.isEmpty() ? floor : head.get(head.size() - 1).key();
  }

  /** An existing entry with a new value. */
  void updated(String key, IndexEntry entry) {
    int at = position(key);
    if (at >= 0) {
      head.set(at, new Slot(key, entry));
    }
  }

  void removed(String key) {
    count--;
    int at = position(key);
    if (at >= 0) {
      head.remove(at);
      // The head was a prefix: everything up to this key is in it still, or gone.
      if (floor == null || key.compareTo(floor) > 0) {
        floor = key;
      }
    }
  }

  void clear() {
    count = 0;
    head.clear();
  }
}
