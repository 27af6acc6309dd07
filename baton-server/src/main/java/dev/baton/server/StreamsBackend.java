package dev.baton.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.engine.WorkflowQueries;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.topology.BatonTopology;
import dev.baton.topology.StoreKv;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the HTTP API from a running Kafka Streams application: instance state by interactive
 * queries on the two stores of the partition that holds the key.
 *
 * <p>The stores are read while the stream thread keeps writing: an answer can mix the header as of
 * one input with tasks as of the next, or show the effect of an input whose transaction has not
 * committed yet. It is a view for people and dashboards; the status topic is the record.
 */
final class StreamsBackend implements ServerBackend {

  private static final Serializer<String> KEYS = Serdes.String().serializer();

  private final KafkaStreams streams;
  private final HostInfo self;
  private final Clock clock;

  StreamsBackend(KafkaStreams streams, HostInfo self, Clock clock) {
    this.streams = streams;
    this.self = self;
    this.clock = clock;
  }

  @Override
  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public Lookup lookup(String instanceId) {
    KafkaStreams.State state = streams.state();
    if (!state.isRunningOrRebalancing()) {
      return new Lookup.Unavailable(
          "Kafka Streams is " + state + "; instances can be read once" + " it is RUNNING");
    }
    KeyQueryMetadata where;
    try {
      where = streams.queryMetadataForKey(BatonTopology.INSTANCES_STORE, instanceId, KEYS);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // The client stopped between the state check and the call.
      return new Lookup.Unavailable(
          "Kafka Streams cannot locate instances right now: " + e.getMessage());
    }
    if (where == null
        || KeyQueryMetadata.NOT_AVAILABLE.equals(where)
        || HostInfo.unavailable().equals(where.activeHost())) {
      return new Lookup.Unavailable(
          "The partition of instance '"
              + instanceId
              + "' has no active host right now (a rebalance is in progress)");
    }
    if (!self.equals(where.activeHost())) {
      return new Lookup.Elsewhere(where.activeHost());
    }
    try {
      return read(instanceId, where.partition());
    } catch (InvalidStateStoreException e) {
      return new Lookup.Unavailable(
          "The stores of instance '"
              + instanceId
              + "' cannot be read right now (migrating or restoring): "
              + e.getMessage());
    }
  }

  private Lookup read(String instanceId, int partition) {
    ReadOnlyKeyValueStore<String, InstanceState> instances =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    BatonTopology.INSTANCES_STORE,
                    QueryableStoreTypes.<String, InstanceState>keyValueStore())
                .withPartition(partition));
    ReadOnlyKeyValueStore<String, StoredEntry> entries =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    BatonTopology.ENTRIES_STORE,
                    QueryableStoreTypes.<String, StoredEntry>keyValueStore())
                .withPartition(partition));
    KvWorkflowState state =
        new KvWorkflowState(StoreKv.readOnly(instances), StoreKv.readOnly(entries));
    return WorkflowView.render(WorkflowQueries.of(state), instanceId, clock.millis())
        .<Lookup>map(Lookup.Found::new)
        .orElseGet(Lookup.NotFound::new);
  }

  @Override
  public ObjectNode metrics() {
    return StreamsMetricsView.render(streams.state(), streams.metrics());
  }
}
