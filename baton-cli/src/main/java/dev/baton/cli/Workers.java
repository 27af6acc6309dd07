package dev.baton.cli;

import dev.baton.config.BatonConfig;
import dev.baton.worker.Worker;

/** Worker settings from Baton's configuration: the worker SDK itself knows nothing of it. */
public final class Workers {

  private Workers() {}

  /** Kafka settings, topics, group id and threads from {@code config}. */
  public static Worker.Builder builder(BatonConfig config) {
    return Worker.builder()
        .clientProperties(config.clientProperties())
        .topics(config.topics())
        .groupId(config.workerGroupId())
        .threads(config.workerThreads());
  }
}
