package dev.baton.server;

import dev.baton.engine.WorkflowQueries;
import java.util.List;

/**
 * What the HTTP API reads of one partition held here: its instances (read-only queries on its two
 * stores) and, when kept, their status events.
 */
record PartitionView(
    int partition, WorkflowQueries queries, HistoryReader history, DefinitionsReader definitions) {

  PartitionView(int partition, WorkflowQueries queries, HistoryReader history) {
    this(partition, queries, history, null);
  }

  /** The DefinitionMetrics windows held in this partition of the definitions' sub-topology. */
  interface DefinitionsReader {

    /** Up to {@code limit} windows of the definition, newest first. */
    List<dev.baton.protocol.output.DefinitionMetrics> windows(String workflowId, int limit);
  }

  /** The status events of one instance, in seq order, as written to the status topic. */
  interface HistoryReader {

    /** Up to {@code limit} events after {@code afterSeq} (0: from the first). */
    List<byte[]> page(String instanceId, long afterSeq, int limit);
  }
}
