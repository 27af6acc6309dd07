package dev.baton.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.engine.WorkflowQueries;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.topology.BatonTopology;
import dev.baton.topology.DefinitionQueries;
import dev.baton.topology.HistoryKeys;
import dev.baton.topology.StoreKv;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Answers the HTTP API from a running Kafka Streams application: instance state by interactive
 * queries on the stores of the partition that holds the key.
 *
 * <p>The stores are read while the stream thread keeps writing: an answer can mix the header as of
 * one input with tasks as of the next, or show the effect of an input whose transaction has not
 * committed yet. It is a view for people and dashboards; the status topic is the record.
 */
final class StreamsBackend implements ServerBackend {

  private static final Serializer<String> KEYS = Serdes.String().serializer();

  private final KafkaStreams streams;
  private final HostInfo self;
  private final String commandsTopic;
  private final int partitions;
  private final boolean history;
  private final BatonMeters meters;

  /** The DefinitionMetrics window; 0 when they are not kept. */
  private final long windowMs;

  private final java.time.Clock clock;

  /**
   * @param commandsTopic the input topic whose partitions are the application's partitions
   * @param partitions how many it has
   * @param definitionWindowMs the DefinitionMetrics window; 0 when they are not kept
   * @param meters what {@code GET /metrics} shows; null for nothing
   */
  StreamsBackend(
      KafkaStreams streams,
      HostInfo self,
      String commandsTopic,
      int partitions,
      boolean history,
      long definitionWindowMs,
      java.time.Clock clock,
      BatonMeters meters) {
    this.meters = meters;
    this.windowMs = definitionWindowMs;
    this.clock = clock;
    this.streams = streams;
    this.self = self;
    this.commandsTopic = commandsTopic;
    this.partitions = partitions;
    this.history = history;
  }

  @Override
  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public Where locate(String instanceId) {
    return locate(BatonTopology.INSTANCES_STORE, instanceId, "instance", this::view);
  }

  @Override
  public Where locateDefinition(String workflowId) {
    if (windowMs <= 0) {
      return new Where.Unavailable("This application keeps no DefinitionMetrics");
    }
    return locate(
        BatonTopology.DEFINITION_WINDOWS_STORE, workflowId, "definition", this::definitionView);
  }

  /**
   * Where the partition of {@code key} in {@code store} is active: here (and {@code read} of it),
   * on another server, or nowhere right now.
   *
   * @param what what the key names, for the messages: "instance", "definition"
   */
  private Where locate(String store, String key, String what, IntFunction<PartitionView> read) {
    KafkaStreams.State state = streams.state();
    if (!state.isRunningOrRebalancing()) {
      return new Where.Unavailable(
          "Kafka Streams is " + state + "; " + what + "s can be read once it is RUNNING");
    }
    KeyQueryMetadata where;
    try {
      where = streams.queryMetadataForKey(store, key, KEYS);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // The client stopped between the state check and the call.
      return new Where.Unavailable(
          "Kafka Streams cannot locate " + what + "s right now: " + e.getMessage());
    }
    if (where == null
        || KeyQueryMetadata.NOT_AVAILABLE.equals(where)
        || HostInfo.unavailable().equals(where.activeHost())) {
      return new Where.Unavailable(
          "The partition of "
              + what
              + " '"
              + key
              + "' has no active host right now (a rebalance is in progress)");
    }
    if (!self.equals(where.activeHost())) {
      return new Where.Elsewhere(where.activeHost());
    }
    try {
      return new Where.Here(read.apply(where.partition()));
    } catch (InvalidStateStoreException e) {
      return new Where.Unavailable(
          "The stores of "
              + what
              + " '"
              + key
              + "' cannot be read right now (migrating or restoring): "
              + e.getMessage());
    }
  }

  private PartitionView definitionView(int partition) {
    ReadOnlyWindowStore<String, byte[]> windows =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    BatonTopology.DEFINITION_WINDOWS_STORE,
                    QueryableStoreTypes.<String, byte[]>windowStore())
                .withPartition(partition));
    ReadOnlyKeyValueStore<String, Long> running =
        keyValueStore(BatonTopology.DEFINITION_RUNNING_STORE, partition);
    PartitionView.DefinitionsReader reader =
        (id, limit) ->
            DefinitionQueries.windows(windows, running, id, windowMs, clock.millis(), limit);
    return new PartitionView(partition, null, null, reader);
  }

  @Override
  public Cluster cluster() {
    KafkaStreams.State state = streams.state();
    if (!state.isRunningOrRebalancing()) {
      return new Cluster.Unavailable(
          "Kafka Streams is " + state + "; lists can be gathered once it is RUNNING");
    }
    Set<Integer> covered = new HashSet<>();
    Set<Integer> mine = new TreeSet<>();
    List<HostInfo> others = new ArrayList<>();
    try {
      for (StreamsMetadata member : streams.metadataForAllStreamsClients()) {
        boolean isSelf = self.equals(member.hostInfo());
        boolean holdsAny = false;
        for (TopicPartition tp : member.topicPartitions()) {
          if (tp.topic().equals(commandsTopic)) {
            covered.add(tp.partition());
            holdsAny = true;
            if (isSelf) {
              mine.add(tp.partition());
            }
          }
        }
        if (!isSelf && holdsAny) {
          others.add(member.hostInfo());
        }
      }
      if (covered.size() < partitions) {
        return new Cluster.Unavailable(
            (partitions - covered.size())
                + " of "
                + partitions
                + " partitions have no active host right now (a rebalance is in progress)");
      }
      List<PartitionView> local = new ArrayList<>();
      for (int partition : mine) {
        local.add(view(partition));
      }
      return new Cluster.Members(local, others);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return new Cluster.Unavailable(
          "The stores cannot be read right now (migrating or restoring): " + e.getMessage());
    }
  }

  private PartitionView view(int partition) {
    ReadOnlyKeyValueStore<String, InstanceState> instances =
        keyValueStore(BatonTopology.INSTANCES_STORE, partition);
    ReadOnlyKeyValueStore<String, StoredEntry> entries =
        keyValueStore(BatonTopology.ENTRIES_STORE, partition);
    ReadOnlyKeyValueStore<String, StoredEntry> live =
        keyValueStore(BatonTopology.LIVE_LISTS_STORE, partition);
    KvWorkflowState state =
        new KvWorkflowState(
            StoreKv.readOnly(instances), StoreKv.readOnly(entries), StoreKv.readOnly(live));
    PartitionView.HistoryReader reader = null;
    if (history) {
      ReadOnlyKeyValueStore<String, byte[]> events =
          keyValueStore(BatonTopology.HISTORY_STORE, partition);
      reader =
          (instanceId, afterSeq, limit) ->
              HistoryKeys.page(events, instanceId, afterSeq, limit).stream()
                  .map(kv -> kv.value)
                  .toList();
    }
    return new PartitionView(partition, WorkflowQueries.of(state), reader);
  }

  /** One partition's copy of a key-value store of this server, for reading. */
  private <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name, int partition) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
            .withPartition(partition));
  }

  @Override
  public ObjectNode metrics() {
    return StreamsMetricsView.render(streams.state(), streams.metrics());
  }

  @Override
  public String prometheus() {
    return meters == null ? "" : meters.scrape();
  }
}
