package dev.baton.server;

import dev.baton.engine.WorkflowQueries;
import java.util.List;

/**
 * What the HTTP API reads of one partition held here: its instances (read-only queries on its two
 * stores) and, when kept, their status events.
 */
record PartitionView(int partition, WorkflowQueries queries, HistoryReader history) {

  /** The status events of one instance, in seq order, as written to the status topic. */
  interface HistoryReader {

    /** Up to {@code limit} events after {@code afterSeq} (0: from the first). */
    List<byte[]> page(String instanceId, long afterSeq, int limit);
  }
}
