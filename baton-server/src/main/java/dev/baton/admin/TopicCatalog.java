package dev.baton.admin;

import dev.baton.config.BatonConfig;
import dev.baton.protocol.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The topics Baton needs, declared one per file in {@code topics/} (see its README) and, with the
 * same values, in {@link #defaults()} so that an installed jar needs no files. A test keeps the two
 * equal.
 */
public final class TopicCatalog {

  public static final String COMMANDS = TopicNames.DEFAULTS.commands();
  public static final String TASK_RESULTS = TopicNames.DEFAULTS.taskResults();
  public static final String TASK_DISPATCH = TopicNames.DEFAULTS.taskDispatch();
  public static final String STATUS = TopicNames.DEFAULTS.status();
  public static final String METRICS = TopicNames.DEFAULTS.metrics();
  public static final String DEAD_LETTER = TopicNames.DEFAULTS.deadLetter();

  /** The repartition topic of the DefinitionMetrics sub-topology (facts keyed by workflowId). */
  public static final String DEFINITION_FACTS =
      dev.baton.topology.BatonTopology.definitionFactsTopic(TopicNames.DEFAULTS);

  /**
   * Input topics must share it (co-partitioning); outputs use it too so one instance maps to one
   * partition everywhere.
   */
  public static final int DEFAULT_PARTITIONS = 6;

  public static final String FILE_SUFFIX = ".properties";
  public static final String KEY_NAME = "name";
  public static final String KEY_PARTITIONS = "partitions";
  public static final String KEY_REPLICATION_FACTOR = "replication.factor";
  public static final String CONFIG_PREFIX = "config.";

  /**
   * Value of {@value #KEY_REPLICATION_FACTOR} that defers to the cluster's
   * default.replication.factor.
   */
  public static final String BROKER_DEFAULT = "default";

  private static final String SEVEN_DAYS_MS = Long.toString(7L * 24 * 60 * 60 * 1000);
  private static final String FOURTEEN_DAYS_MS = Long.toString(14L * 24 * 60 * 60 * 1000);
  private static final String ONE_HOUR_MS = Long.toString(60L * 60 * 1000);
  private static final String ONE_DAY_MS = Long.toString(24L * 60 * 60 * 1000);

  private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  /** Every topic takes the largest record Baton writes; Kafka's 1 MiB default does not. */
  private static final String RECORD_LIMIT = Long.toString(BatonConfig.MAX_RECORD_SIZE_BYTES);

  private TopicCatalog() {}

  /** Baton's topics as shipped in {@code topics/}, in the order of the wire contract. */
  public static List<TopicSpec> defaults() {
    final short rf = TopicSpec.BROKER_DEFAULT_REPLICATION;
    return List.of(
        new TopicSpec(
            COMMANDS,
            DEFAULT_PARTITIONS,
            rf,
            Map.of("retention.ms", SEVEN_DAYS_MS, MAX_MESSAGE_BYTES, RECORD_LIMIT)),
        new TopicSpec(
            TASK_RESULTS,
            DEFAULT_PARTITIONS,
            rf,
            Map.of("retention.ms", SEVEN_DAYS_MS, MAX_MESSAGE_BYTES, RECORD_LIMIT)),
        new TopicSpec(
            TASK_DISPATCH,
            DEFAULT_PARTITIONS,
            rf,
            Map.of("retention.ms", SEVEN_DAYS_MS, MAX_MESSAGE_BYTES, RECORD_LIMIT)),
        new TopicSpec(
            STATUS,
            DEFAULT_PARTITIONS,
            rf,
            Map.of("retention.ms", SEVEN_DAYS_MS, MAX_MESSAGE_BYTES, RECORD_LIMIT)),
        // Only the latest snapshot per key matters. The active segment is never compacted, so a
        // short segment.ms lets compaction catch up within the hour instead of after 7 days.
        new TopicSpec(
            METRICS,
            DEFAULT_PARTITIONS,
            rf,
            Map.of(
                "cleanup.policy",
                "compact",
                "segment.ms",
                ONE_HOUR_MS,
                MAX_MESSAGE_BYTES,
                RECORD_LIMIT)),
        // Kept longer than the rest: someone has to notice a dead letter before it can be replayed.
        new TopicSpec(
            DEAD_LETTER,
            DEFAULT_PARTITIONS,
            rf,
            Map.of("retention.ms", FOURTEEN_DAYS_MS, MAX_MESSAGE_BYTES, RECORD_LIMIT)),
        // Internal: read at once by the DefinitionMetrics sub-topology, so a day is plenty.
        new TopicSpec(
            DEFINITION_FACTS,
            DEFAULT_PARTITIONS,
            rf,
            Map.of("retention.ms", ONE_DAY_MS, MAX_MESSAGE_BYTES, RECORD_LIMIT)));
  }

  /**
   * Reads every {@code *.properties} file of {@code dir} (other files, such as a README, are
   * ignored), in file name order.
   *
   * @throws TopicCatalogException naming the file and the problem, if the directory is missing or
   *     has no topic file, or a file is unreadable or malformed, or two files declare one topic
   */
  public static List<TopicSpec> load(final Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new TopicCatalogException(
          "Topic directory " + dir + " does not exist or is not a directory");
    }
    final List<Path> files;
    try (Stream<Path> entries = Files.list(dir)) {
      files =
          entries
              .filter(path -> path.getFileName().toString().endsWith(FILE_SUFFIX))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new TopicCatalogException(
          "Cannot list topic directory " + dir + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new TopicCatalogException(
          "Topic directory " + dir + " has no *" + FILE_SUFFIX + " topic file");
    }
    final Map<String, Path> declaredIn = new HashMap<>();
    final List<TopicSpec> specs = new ArrayList<>();
    for (final Path file : files) {
      final TopicSpec spec = parse(file, read(file));
      final Path previous = declaredIn.putIfAbsent(spec.name(), file);
      if (previous != null) {
        throw new TopicCatalogException(
            "Topic " + spec.name() + " is declared twice: in " + previous + " and in " + file);
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  private static Properties read(final Path file) {
    final Properties properties = new DuplicateRejectingProperties(file);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new TopicCatalogException("Cannot read topic file " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // Properties.load reports a malformed Unicode escape this way.
      throw malformed(file, e.getMessage(), e);
    }
    return properties;
  }

  private static TopicSpec parse(final Path file, final Properties properties) {
    final Set<String> unknown = new TreeSet<>();
    final Map<String, String> configs = new LinkedHashMap<>();
    for (final String key : properties.stringPropertyNames()) {
      if (key.startsWith(CONFIG_PREFIX)) {
        final String configName = key.substring(CONFIG_PREFIX.length());
        if (configName.isBlank()) {
          throw malformed(file, "key '" + key + "' names no topic config", null);
        }
        configs.put(configName, properties.getProperty(key).trim());
      } else if (!key.equals(KEY_NAME)
          && !key.equals(KEY_PARTITIONS)
          && !key.equals(KEY_REPLICATION_FACTOR)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw malformed(
          file,
          "unknown "
              + (unknown.size() == 1 ? "key " : "keys ")
              + unknown
              + " (allowed: name, partitions, replication.factor and config.<topic config>)",
          null);
    }
    final String name = required(file, properties, KEY_NAME);
    final int partitions = parsePartitions(file, required(file, properties, KEY_PARTITIONS));
    final short replication =
        parseReplication(file, required(file, properties, KEY_REPLICATION_FACTOR));
    try {
      return new TopicSpec(name, partitions, replication, configs);
    } catch (IllegalArgumentException e) {
      throw malformed(file, e.getMessage(), e);
    }
  }

  private static String required(final Path file, final Properties properties, final String key) {
    final String value = properties.getProperty(key);
    if (value == null) {
      throw malformed(file, "missing key '" + key + "'", null);
    }
    if (value.isBlank()) {
      throw malformed(file, "key '" + key + "' has an empty value", null);
    }
    return value.trim();
  }

  private static int parsePartitions(final Path file, final String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw malformed(file, "partitions must be a whole number, got '" + value + "'", e);
    }
  }

  private static short parseReplication(final Path file, final String value) {
    if (value.equals(BROKER_DEFAULT)) {
      return TopicSpec.BROKER_DEFAULT_REPLICATION;
    }
    final short parsed;
    try {
      parsed = Short.parseShort(value);
    } catch (NumberFormatException e) {
      throw malformed(
          file,
          "replication.factor must be a whole number or '"
              + BROKER_DEFAULT
              + "', got '"
              + value
              + "'",
          e);
    }
    if (parsed < 1) {
      throw malformed(
          file,
          "replication.factor must be at least 1 (or '" + BROKER_DEFAULT + "'), got " + parsed,
          null);
    }
    return parsed;
  }

  private static TopicCatalogException malformed(
      final Path file, final String problem, final Throwable cause) {
    return new TopicCatalogException("Malformed topic file " + file + ": " + problem, cause);
  }

  /** java.util.Properties keeps the last of two equal keys; in a topic file that is a mistake. */
  private static final class DuplicateRejectingProperties extends Properties {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    DuplicateRejectingProperties(final Path file) {
      this.file = file;
    }

    @Override
    public synchronized Object put(final Object key, final Object value) {
      if (containsKey(key)) {
        throw malformed(file, "key '" + key + "' appears twice", null);
      }
      return super.put(key, value);
    }
  }
}
