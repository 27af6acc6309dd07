package dev.baton.bench;

import dev.baton.admin.TopicCatalog;
import dev.baton.protocol.TopicNames;
import java.nio.file.Path;
import java.util.List;

/**
 * What one measurement has to itself: its topics (names under a prefix of its own, so a fresh
 * application starts on empty topics), its application.id and its state directory.
 */
record RunSpace(
    String label, String applicationId, String topicPrefix, Path stateDir, int partitions) {

  /** Baton's topics under {@code prefix}. */
  static TopicNames topicsUnder(String prefix) {
    return new TopicNames(
        prefix + TopicCatalog.COMMANDS,
        prefix + TopicCatalog.TASK_RESULTS,
        prefix + TopicCatalog.TASK_DISPATCH,
        prefix + TopicCatalog.STATUS,
        prefix + TopicCatalog.METRICS,
        prefix + TopicCatalog.DEAD_LETTER);
  }

  TopicNames topics() {
    return topicsUnder(topicPrefix);
  }

  /** The outputs counted as Baton's output records (dead letters are checked to be none). */
  List<String> countedOutputTopics() {
    TopicNames topics = topics();
    return List.of(topics.status(), topics.taskDispatch(), topics.metrics());
  }
}
