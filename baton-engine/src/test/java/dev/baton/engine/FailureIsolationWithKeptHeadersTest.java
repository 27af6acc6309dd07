package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;

/**
 * {@link FailureIsolationTest}'s promises with the processor's setting: decoded headers kept
 * between inputs, which an input that failed half-way must not leave changed.
 */
class FailureIsolationWithKeptHeadersTest extends FailureIsolationTest {

  @Override
  KvWorkflowState state(InMemoryKv<InstanceState> instances, InMemoryKv<StoredEntry> entries) {
    return new KvWorkflowState(instances, entries, entries, 1_000);
  }
}
