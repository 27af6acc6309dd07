package dev.baton.topology;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.StoredEntry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka serdes over {@link StateCodec}, for the state stores and their changelogs. */
final class StateSerdes {

  private StateSerdes() {}

  static Serde<InstanceState> instances() {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : StateCodec.encodeInstance(value),
        (topic, bytes) -> bytes == null ? null : StateCodec.decodeInstance(bytes));
  }

  static Serde<StoredEntry> entries() {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : StateCodec.encodeEntry(value),
        (topic, bytes) -> bytes == null ? null : StateCodec.decodeEntry(bytes));
  }
}
