package dev.baton.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** What the HTTP API asks of a running server; tests give it a fake. */
interface ServerBackend {

  KafkaStreams.State state();

  /** Where the state of an instance is: here (and its partition's view), elsewhere, or nowhere. */
  Where locate(String instanceId);

  /** Where the DefinitionMetrics windows of a definition are (its partition of the facts). */
  Where locateDefinition(String workflowId);

  /**
   * Every partition held here, for lists gathered across partitions and servers; the other servers
   * to ask as well. Unavailable while some partition has no active host.
   */
  Cluster cluster();

  /** Baton's sensors and the processing rate, as JSON ({@code GET /metrics.json}). */
  ObjectNode metrics();

  /**
   * Every meter in the Prometheus text format ({@code GET /metrics}); nothing for a backend without
   * meters.
   */
  default String prometheus() {
    return "";
  }

  /** The answer of {@link #locate}. */
  sealed interface Where {

    /** This server holds the instance's partition. */
    record Here(PartitionView view) implements Where {}

    /** Another server of the application holds it. */
    record Elsewhere(HostInfo host) implements Where {}

    /** Nobody can answer right now (starting, rebalancing, restoring). */
    record Unavailable(String reason) implements Where {}
  }

  /** The answer of {@link #cluster}. */
  sealed interface Cluster {

    record Members(List<PartitionView> local, List<HostInfo> others) implements Cluster {}

    record Unavailable(String reason) implements Cluster {}
  }
}
