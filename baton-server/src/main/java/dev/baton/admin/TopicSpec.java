package dev.baton.admin;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One topic Baton needs: its name, partition count, replication factor and topic-level configs
 * (such as {@code cleanup.policy}), as declared in a file of {@code topics/}.
 *
 * @param replicationFactor at least 1, or {@link #BROKER_DEFAULT_REPLICATION} to let the cluster's
 *     {@code default.replication.factor} decide
 * @param configs topic configs by Kafka name, without the {@code config.} prefix of the files
 */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs) {

  /** Kafka's own "use the broker default" value, as in a CreateTopics request. */
  public static final short BROKER_DEFAULT_REPLICATION = -1;

  /** Kafka's rule for legal topic names. */
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "illegal topic name '" + name + "': use 1 to 249 of the characters a-z A-Z 0-9 . _ -");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "partitions of topic " + name + " must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT_REPLICATION) {
      throw new IllegalArgumentException(
          "replication factor of topic "
              + name
              + " must be at least 1 (or the broker default), got "
              + replicationFactor);
    }
    Objects.requireNonNull(configs, "configs");
    final TreeMap<String, String> sorted = new TreeMap<>();
    configs.forEach(
        (key, value) -> {
          if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(
                "topic " + name + " has a config with an empty name");
          }
          if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                "config " + key + " of topic " + name + " has an empty value");
          }
          sorted.put(key, value);
        });
    configs = Collections.unmodifiableMap(sorted);
  }

  public static TopicSpec of(
      final String name, final int partitions, final short replicationFactor) {
    return new TopicSpec(name, partitions, replicationFactor, Map.of());
  }

  /** The same topic under another name, for deployments that rename Baton's topics. */
  public TopicSpec withName(final String newName) {
    return new TopicSpec(newName, partitions, replicationFactor, configs);
  }

  public boolean usesBrokerDefaultReplication() {
    return replicationFactor == BROKER_DEFAULT_REPLICATION;
  }
}
