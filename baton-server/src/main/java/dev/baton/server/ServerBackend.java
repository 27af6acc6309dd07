package dev.baton.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** What the HTTP API asks of a running server; tests give it a fake. */
interface ServerBackend {

  KafkaStreams.State state();

  /** Where the state of an instance is, and the state itself when it is here. */
  Lookup lookup(String instanceId);

  /** Baton's sensors and the processing rate, as JSON. */
  ObjectNode metrics();

  /** The answer of {@link #lookup}. */
  sealed interface Lookup {

    /** This instance hosts the key, and here is its state. */
    record Found(ObjectNode state) implements Lookup {}

    /** This instance hosts the key, and there is no such instance. */
    record NotFound() implements Lookup {}

    /** Another instance of the application hosts the key. */
    record Elsewhere(HostInfo host) implements Lookup {}

    /** Nobody can answer right now (starting, rebalancing, restoring). */
    record Unavailable(String reason) implements Lookup {}
  }
}
