package dev.baton.config;

import dev.baton.engine.EngineConfig;
import dev.baton.protocol.TopicNames;
import dev.baton.topology.BatonTopology;
import dev.baton.topology.StreamsTuning;
import dev.baton.topology.TimerSettings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baton's settings, layered. Each source overrides the ones before it:
 *
 * <ol>
 *   <li>built-in defaults ({@link #DEFAULTS});
 *   <li>{@code config/baton.properties} under the working directory, when it exists;
 *   <li>the file given with {@code --config FILE}, which must exist;
 *   <li>environment variables {@code BATON_*} (see below);
 *   <li>explicit overrides, such as command line flags.
 * </ol>
 *
 * <p>Keys starting with {@code baton.} are Baton's own and must be known ({@link #BATON_KEYS}, or a
 * {@code baton.worker.shell.<task name>} command). Every other key is a Kafka setting and passes to
 * Kafka Streams and to Baton's clients untouched, so security settings such as {@code
 * security.protocol} or {@code sasl.jaas.config} work as documented by Kafka.
 *
 * <p>Environment variables: a variable {@code BATON_X_Y} sets
 *
 * <ul>
 *   <li>Baton's setting {@code baton.x.y} (or {@code baton.x-y}) when there is one: Baton's own
 *       settings drop their {@code baton.} prefix, so {@code BATON_HTTP_PORT} sets {@code
 *       baton.http.port} and {@code BATON_MAX_RECORD_BYTES} sets {@code baton.max-record-bytes};
 *   <li>otherwise the Kafka setting {@code x.y} (the name without {@code BATON_}, lower-cased,
 *       {@code _} read as {@code .}): {@code BATON_BOOTSTRAP_SERVERS} sets {@code
 *       bootstrap.servers}, {@code BATON_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}. Only
 *       names Kafka knows are taken (prefixed forms such as {@code consumer.*} included), because
 *       the environment is shared with everything else on the machine.
 * </ul>
 *
 * <p>{@code BATON_BATON_*} is an error (there is one way to name each setting), and so is a
 * malformed value. Other {@code BATON_*} variables are ignored with a warning, except those
 * reserved for launchers and task processes ({@link #RESERVED_ENVIRONMENT}). Shell task commands
 * cannot come from the environment: its names are upper-cased, and task names are not.
 */
public final class BatonConfig {

  private static final Logger LOG = LoggerFactory.getLogger(BatonConfig.class);

  public static final String BATON_PREFIX = "baton.";
  public static final Path DEFAULT_FILE = Path.of("config", "baton.properties");
  public static final String ENV_PREFIX = "BATON_";

  public static final String TOPIC_COMMANDS = "baton.topic.commands";
  public static final String TOPIC_TASK_RESULTS = "baton.topic.task-results";
  public static final String TOPIC_TASK_DISPATCH = "baton.topic.task-dispatch";
  public static final String TOPIC_STATUS = "baton.topic.status";
  public static final String TOPIC_METRICS = "baton.topic.metrics";
  public static final String TOPIC_DEAD_LETTER = "baton.topic.dead-letter";
  public static final String HTTP_PORT = "baton.http.port";
  public static final String HTTP_BIND_ADDRESS = "baton.http.bind-address";
  public static final String HTTP_ADVERTISED_HOST = "baton.http.advertised-host";
  public static final String MAX_RECORD_BYTES = "baton.max-record-bytes";
  public static final String MAX_OUTPUT_RECORD_BYTES = "baton.max-output-record-bytes";
  public static final String MAX_TASKS = "baton.max-tasks";
  public static final String CRITICAL_PATH_LIMIT = "baton.critical-path-limit";
  public static final String STARTUP_TIMEOUT_MS = "baton.startup-timeout-ms";
  public static final String TIMER_INTERVAL_MS = "baton.timers.interval-ms";
  public static final String TIMER_MAX_BATCH_MS = "baton.timers.max-batch-ms";
  public static final String WORKER_GROUP_ID = "baton.worker.group-id";
  public static final String WORKER_THREADS = "baton.worker.threads";
  public static final String INSTANCE_ID = "baton.instance-id";
  public static final String MAX_TASK_OUTPUT_BYTES = "baton.max-output-bytes";
  public static final String RETENTION_FINISHED_MS = "baton.retention.finished-ms";
  public static final String HISTORY_ENABLED = "baton.history.enabled";
  public static final String HTTP_TOKEN = "baton.http.token";
  public static final String HTTP_AUTH = "baton.http.auth";
  public static final String HTTP_WAIT_TIMEOUT_MS = "baton.http.wait-timeout-ms";
  public static final String DEFINITION_METRICS_ENABLED = "baton.definition-metrics.enabled";
  public static final String DEFINITION_METRICS_WINDOW_MS = "baton.definition-metrics.window-ms";

  /** The streams group's session timeout (group.protocol=streams): how soon a dead server goes. */
  public static final String GROUP_SESSION_TIMEOUT_MS = "baton.group.session-timeout-ms";

  /** The streams group's heartbeat interval. */
  public static final String GROUP_HEARTBEAT_INTERVAL_MS = "baton.group.heartbeat-interval-ms";

  /**
   * Standby replicas of each partition's state on other servers, so a takeover restores nothing.
   */
  public static final String GROUP_STANDBY_REPLICAS = "baton.group.standby-replicas";

  /**
   * How often the brokers may compute a new assignment for the streams group (Kafka: 1 s): a server
   * that joins, leaves or dies, and each stream thread of a starting server, waits for the next
   * one.
   */
  public static final String GROUP_ASSIGNMENT_INTERVAL_MS = "baton.group.assignment-interval-ms";

  /**
   * How long the brokers wait for more servers before the first assignment of an empty streams
   * group (Kafka: 3 s): a restarted single server, whose old member's session has run out, waits
   * this long before it gets any partition.
   */
  public static final String GROUP_INITIAL_REBALANCE_DELAY_MS =
      "baton.group.initial-rebalance-delay-ms";

  /** Whether the server sets its streams group's settings on the brokers at start. */
  public static final String GROUP_CONFIGURE = "baton.group.configure";

  /** {@value #INSTANCE_ID}: derive the server's identity from its host and state directory. */
  public static final String INSTANCE_ID_AUTO = "auto";

  /** {@value #INSTANCE_ID}: no static membership; every start is a new group member. */
  public static final String INSTANCE_ID_NONE = "none";

  /** {@code baton.worker.shell.<task name>=<command line>}: the shell allow-list of a worker. */
  public static final String WORKER_SHELL_PREFIX = "baton.worker.shell.";

  /** Every key Baton reads, apart from {@link #WORKER_SHELL_PREFIX} commands. */
  public static final Set<String> BATON_KEYS =
      Set.of(
          TOPIC_COMMANDS,
          TOPIC_TASK_RESULTS,
          TOPIC_TASK_DISPATCH,
          TOPIC_STATUS,
          TOPIC_METRICS,
          TOPIC_DEAD_LETTER,
          HTTP_PORT,
          HTTP_BIND_ADDRESS,
          HTTP_ADVERTISED_HOST,
          MAX_RECORD_BYTES,
          MAX_OUTPUT_RECORD_BYTES,
          MAX_TASKS,
          CRITICAL_PATH_LIMIT,
          STARTUP_TIMEOUT_MS,
          TIMER_INTERVAL_MS,
          TIMER_MAX_BATCH_MS,
          WORKER_GROUP_ID,
          WORKER_THREADS,
          INSTANCE_ID,
          MAX_TASK_OUTPUT_BYTES,
          RETENTION_FINISHED_MS,
          HISTORY_ENABLED,
          HTTP_TOKEN,
          HTTP_AUTH,
          HTTP_WAIT_TIMEOUT_MS,
          DEFINITION_METRICS_ENABLED,
          DEFINITION_METRICS_WINDOW_MS,
          GROUP_SESSION_TIMEOUT_MS,
          GROUP_HEARTBEAT_INTERVAL_MS,
          GROUP_STANDBY_REPLICAS,
          GROUP_ASSIGNMENT_INTERVAL_MS,
          GROUP_INITIAL_REBALANCE_DELAY_MS,
          GROUP_CONFIGURE);

  /**
   * The largest record the producer sends and Baton's topics take (producer {@code
   * max.request.size}, topic {@code max.message.bytes}, also in {@code topics/}): the output limit
   * and 64 KiB for the record's envelope.
   */
  public static final long MAX_RECORD_SIZE_BYTES =
      EngineConfig.DEFAULT_MAX_OUTPUT_RECORD_BYTES + 64 * 1024;

  /** Room for a record's envelope beyond the output limit. */
  static final int ENVELOPE_BYTES = 64 * 1024;

  /** Built-in defaults; {@code config/baton.properties} repeats them for people to read. */
  public static final Map<String, String> DEFAULTS = defaults();

  /** {@code BATON_*} variables that are not settings: launchers and task processes use them. */
  public static final Set<String> RESERVED_ENVIRONMENT =
      Set.of(
          "BATON_HOME",
          "BATON_CONFIG",
          "BATON_OPTS",
          "BATON_JAVA_OPTS",
          "BATON_INPUT",
          "BATON_INSTANCE_ID",
          "BATON_WORKFLOW_ID",
          "BATON_TASK_ID",
          "BATON_TASK_NAME",
          "BATON_ATTEMPT");

  /** Settings of Kafka's clients: what {@link #clientProperties()} keeps. */
  private static final Set<String> CLIENT_KEYS =
      union(
          ConsumerConfig.configNames(),
          ProducerConfig.configNames(),
          AdminClientConfig.configNames());

  private static final Set<String> KAFKA_KEYS =
      union(CLIENT_KEYS, StreamsConfig.configDef().names());

  /** Kafka Streams' per-client and internal-topic prefixes: settings for Streams alone. */
  private static final List<String> STREAMS_PREFIXES =
      List.of(
          StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX,
          StreamsConfig.PRODUCER_PREFIX,
          StreamsConfig.ADMIN_CLIENT_PREFIX,
          StreamsConfig.TOPIC_PREFIX,
          StreamsConfig.CLIENT_TAG_PREFIX);

  private static final Map<String, String> ENV_NAMES_OF_BATON_KEYS = envNamesOfBatonKeys();

  private final Map<String, String> values;
  private final Map<String, String> sources;
  private final List<String> warnings;
  private final TopicNames topics;
  private final int httpPort;
  private final int maxRecordBytes;
  private final EngineConfig engineConfig;
  private final boolean historyEnabled;
  private final dev.baton.topology.BatonTopology.Options topologyOptions;
  private final Duration httpWaitTimeout;
  private final TimerSettings timerSettings;
  private final Duration startupTimeout;
  private final int workerThreads;
  private final GroupSettings groupSettings;

  private BatonConfig(
      Map<String, String> values, Map<String, String> sources, List<String> warnings) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.sources = Map.copyOf(sources);
    this.warnings = List.copyOf(warnings);
    // Parsed once, here: a bad value fails at startup, naming its source, not at first use.
    this.topics =
        new TopicNames(
            required(TOPIC_COMMANDS),
            required(TOPIC_TASK_RESULTS),
            required(TOPIC_TASK_DISPATCH),
            required(TOPIC_STATUS),
            required(TOPIC_METRICS),
            required(TOPIC_DEAD_LETTER));
    requireDistinctTopics(topics);
    this.httpPort = intValue(HTTP_PORT, 0, 65_535);
    this.maxRecordBytes = intValue(MAX_RECORD_BYTES, 1, Integer.MAX_VALUE);
    this.engineConfig =
        new EngineConfig(
            intValue(MAX_TASKS, 1, Integer.MAX_VALUE),
            intValue(CRITICAL_PATH_LIMIT, 1, Integer.MAX_VALUE),
            // a dead letter (a copy of up to 512 KiB, in base64) must fit
            intValue(MAX_OUTPUT_RECORD_BYTES, 1024 * 1024, Integer.MAX_VALUE - ENVELOPE_BYTES),
            // a kept output travels on its TaskCompleted event: it must fit the output limit
            intValue(MAX_TASK_OUTPUT_BYTES, 0, 1024 * 1024),
            longValue(RETENTION_FINISHED_MS, 0, Long.MAX_VALUE / 2));
    this.historyEnabled = booleanValue(HISTORY_ENABLED);
    this.topologyOptions =
        new dev.baton.topology.BatonTopology.Options(
            historyEnabled,
            booleanValue(DEFINITION_METRICS_ENABLED),
            longValue(DEFINITION_METRICS_WINDOW_MS, 1_000, 24L * 60 * 60 * 1000));
    this.httpWaitTimeout = Duration.ofMillis(intValue(HTTP_WAIT_TIMEOUT_MS, 1, 600_000));
    requireOneOf(HTTP_AUTH, get(HTTP_AUTH).orElse("token"), "token", "none");
    requireRoomForOutputs();
    this.startupTimeout = Duration.ofMillis(intValue(STARTUP_TIMEOUT_MS, 1, Integer.MAX_VALUE));
    this.timerSettings =
        new TimerSettings(
            intValue(TIMER_INTERVAL_MS, 1, 60_000), intValue(TIMER_MAX_BATCH_MS, 1, 60_000));
    this.workerThreads = intValue(WORKER_THREADS, 1, 1_000);
    int sessionTimeout = intValue(GROUP_SESSION_TIMEOUT_MS, 1, 3_600_000);
    int heartbeat = intValue(GROUP_HEARTBEAT_INTERVAL_MS, 1, 3_600_000);
    if (heartbeat >= sessionTimeout) {
      throw new BatonConfigException(
          "Setting "
              + GROUP_HEARTBEAT_INTERVAL_MS
              + " ("
              + heartbeat
              + ") must be below "
              + GROUP_SESSION_TIMEOUT_MS
              + " ("
              + sessionTimeout
              + ")"
              + from(GROUP_HEARTBEAT_INTERVAL_MS));
    }
    String protocol = required(StreamsConfig.GROUP_PROTOCOL_CONFIG).toLowerCase(Locale.ROOT);
    requireOneOf(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol, "streams", "classic");
    this.groupSettings =
        new GroupSettings(
            protocol.equals("streams"),
            sessionTimeout,
            heartbeat,
            intValue(GROUP_STANDBY_REPLICAS, 0, 10),
            intValue(GROUP_ASSIGNMENT_INTERVAL_MS, 0, 3_600_000),
            intValue(GROUP_INITIAL_REBALANCE_DELAY_MS, 0, 3_600_000),
            booleanValue(GROUP_CONFIGURE));
    required(HTTP_BIND_ADDRESS);
    required(WORKER_GROUP_ID);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The usual layers: defaults, {@code config/baton.properties}, {@code configFile} (may be null),
   * the process environment, then {@code overrides}.
   */
  public static BatonConfig load(Path configFile, Map<String, String> overrides) {
    return builder().configFile(configFile).overrides(overrides).build();
  }

  /** Every Kafka setting, for {@code new KafkaStreams(topology, streamsProperties())}. */
  public Properties streamsProperties() {
    Properties props = new Properties();
    values.forEach(
        (key, value) -> {
          if (!isBatonKey(key)) {
            props.setProperty(key, value);
          }
        });
    // A relative state.dir would move with the working directory; pin it at load time.
    String stateDir = props.getProperty(StreamsConfig.STATE_DIR_CONFIG);
    if (stateDir != null && !stateDir.isBlank()) {
      props.setProperty(
          StreamsConfig.STATE_DIR_CONFIG,
          Path.of(stateDir).toAbsolutePath().normalize().toString());
    }
    if (groupSettings.streamsProtocol()) {
      // The group's settings, not the client's, count under the streams protocol: leaving the
      // classic ones out keeps Kafka Streams from warning that it ignores them.
      props.remove(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
      props.remove(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
      props.remove(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG);
    } else {
      props.putIfAbsent(
          StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
          Integer.toString(groupSettings.standbyReplicas()));
    }
    groupInstanceId(props)
        .ifPresent(
            id ->
                props.setProperty(
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
    return props;
  }

  /**
   * Kafka must take every record Baton writes: the producer's max.request.size and the changelogs'
   * max.message.bytes, where set, leave room for the output limit and its envelope. Raising {@value
   * #MAX_OUTPUT_RECORD_BYTES} alone would let definitions pass that cannot be written.
   */
  private void requireRoomForOutputs() {
    long needed = engineConfig.maxOutputRecordBytes() + ENVELOPE_BYTES;
    for (String key :
        List.of(
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
            StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))) {
      if (values.containsKey(key)) {
        long value = intValue(key, 1, Integer.MAX_VALUE);
        if (value < needed) {
          throw new BatonConfigException(
              "Setting "
                  + key
                  + " is "
                  + value
                  + ", less than "
                  + MAX_OUTPUT_RECORD_BYTES
                  + " + "
                  + ENVELOPE_BYTES
                  + " = "
                  + needed
                  + ": records Baton writes would not fit"
                  + from(key));
        }
      }
    }
  }

  /**
   * The server's static group membership id (Kafka Streams adds a thread suffix), unless one is set
   * among the Kafka settings or {@value #INSTANCE_ID} is {@value #INSTANCE_ID_NONE}. {@value
   * #INSTANCE_ID_AUTO} derives it from the host name and the absolute state directory: stable
   * across restarts of one server, and different for two servers, which never share a state
   * directory on one host.
   */
  private Optional<String> groupInstanceId(Properties props) {
    for (String key :
        List.of(
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))) {
      if (props.containsKey(key)) {
        return Optional.empty();
      }
    }
    String configured = required(INSTANCE_ID);
    if (configured.equals(INSTANCE_ID_NONE)) {
      return Optional.empty();
    }
    if (!configured.equals(INSTANCE_ID_AUTO)) {
      return Optional.of(configured);
    }
    String stateDir = props.getProperty(StreamsConfig.STATE_DIR_CONFIG, "");
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    String digest =
        java.util.HexFormat.of()
            .formatHex(
                java.util.Arrays.copyOf(
                    sha256(host + "\n" + stateDir + "\n" + applicationId()), 6));
    return Optional.of("baton-" + digest);
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * The Kafka settings for Baton's own admin clients, producers and consumers (topic checks,
   * workers, readers): everything but the settings of Kafka Streams alone ({@code application.id},
   * {@code state.dir}, {@code processing.guarantee}, the {@code consumer.}/{@code producer.}
   * prefixed forms...). Connection and security settings are all kept.
   */
  public Properties clientProperties() {
    Properties props = new Properties();
    values.forEach(
        (key, value) -> {
          if (!isBatonKey(key) && !isStreamsOnly(key)) {
            props.setProperty(key, value);
          }
        });
    // The server's group identity: a worker or CLI consumer with it would fence the server.
    props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    // Kafka Streams' rebalance protocol ("streams"), which no plain consumer speaks.
    props.remove(StreamsConfig.GROUP_PROTOCOL_CONFIG);
    return props;
  }

  /** What the topology keeps and publishes beyond the engine's records (history, definitions). */
  public dev.baton.topology.BatonTopology.Options topologyOptions() {
    return topologyOptions;
  }

  /** Whether the server keeps every status event of an instance for its history API. */
  public boolean historyEnabled() {
    return historyEnabled;
  }

  /** The bearer token HTTP requests need, when set. */
  public Optional<String> httpToken() {
    return get(HTTP_TOKEN);
  }

  /** {@code baton.http.auth=none}: no token, said explicitly, on a non-loopback bind. */
  public boolean httpAuthDisabled() {
    return get(HTTP_AUTH).orElse("token").equals("none");
  }

  /** How long {@code ?wait=true} waits for a command's outcome, at most (default 10 s). */
  public Duration httpWaitTimeout() {
    return httpWaitTimeout;
  }

  public TopicNames topics() {
    return topics;
  }

  public EngineConfig engineConfig() {
    return engineConfig;
  }

  public TimerSettings timerSettings() {
    return timerSettings;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** The HTTP port; 0 picks a free one. */
  public int httpPort() {
    return httpPort;
  }

  public String httpBindAddress() {
    return required(HTTP_BIND_ADDRESS);
  }

  /** The host other instances use to reach this one's HTTP port, when set. */
  public Optional<String> httpAdvertisedHost() {
    return get(HTTP_ADVERTISED_HOST);
  }

  /** How long a server waits for Kafka Streams to reach RUNNING. */
  public Duration startupTimeout() {
    return startupTimeout;
  }

  public String applicationId() {
    return required(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  public String bootstrapServers() {
    return required(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  public String workerGroupId() {
    return required(WORKER_GROUP_ID);
  }

  public int workerThreads() {
    return workerThreads;
  }

  /** How the server's group finds out about dead servers and keeps state ready elsewhere. */
  public GroupSettings groupSettings() {
    return groupSettings;
  }

  /**
   * The group settings: under the streams rebalance protocol (KIP-1071) they are the group's, set
   * on the brokers ({@code streams.session.timeout.ms}, {@code streams.heartbeat.interval.ms},
   * {@code streams.num.standby.replicas}) within the brokers' bounds ({@code
   * group.streams.min.session.timeout.ms}...); under the classic protocol the standby count is the
   * client's {@code num.standby.replicas} and the session the main consumer's.
   */
  public record GroupSettings(
      boolean streamsProtocol,
      int sessionTimeoutMs,
      int heartbeatIntervalMs,
      int standbyReplicas,
      int assignmentIntervalMs,
      int initialRebalanceDelayMs,
      boolean configure) {

    /**
     * The group's own settings, as the brokers name them, in the order to set them: the heartbeat
     * before the session, which must stay longer than it.
     */
    public Map<String, String> groupConfigs() {
      Map<String, String> configs = new LinkedHashMap<>();
      configs.put("streams.heartbeat.interval.ms", Integer.toString(heartbeatIntervalMs));
      configs.put("streams.session.timeout.ms", Integer.toString(sessionTimeoutMs));
      configs.put("streams.num.standby.replicas", Integer.toString(standbyReplicas));
      configs.put("streams.assignment.interval.ms", Integer.toString(assignmentIntervalMs));
      configs.put("streams.initial.rebalance.delay.ms", Integer.toString(initialRebalanceDelayMs));
      return Collections.unmodifiableMap(configs);
    }
  }

  /** The worker's shell allow-list: task name to command line. Empty unless configured. */
  public Map<String, String> workerShellCommands() {
    Map<String, String> commands = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(WORKER_SHELL_PREFIX) && !value.isBlank()) {
            commands.put(key.substring(WORKER_SHELL_PREFIX.length()), value);
          }
        });
    return Collections.unmodifiableMap(commands);
  }

  /** A setting as given (blank values count as unset). */
  public Optional<String> get(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** Where a setting came from, e.g. {@code environment variable BATON_HTTP_PORT}. */
  public Optional<String> sourceOf(String key) {
    return Optional.ofNullable(sources.get(key));
  }

  /** What was ignored while loading (unknown environment variables). */
  public List<String> warnings() {
    return warnings;
  }

  /** One line per setting with its source; secrets are masked. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    values.forEach(
        (key, value) ->
            out.append(key)
                .append(" = ")
                .append(isSecret(key) ? "********" : value)
                .append("    (")
                .append(sources.get(key))
                .append(")\n"));
    return out.toString();
  }

  @Override
  public String toString() {
    return "BatonConfig{application.id="
        + values.get(StreamsConfig.APPLICATION_ID_CONFIG)
        + ", bootstrap.servers="
        + values.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
        + "}";
  }

  private String required(String key) {
    return get(key)
        .orElseThrow(
            () -> new BatonConfigException("Setting " + key + " must not be empty" + from(key)));
  }

  private long longValue(String key, long min, long max) {
    String text = required(key).trim();
    long parsed;
    try {
      parsed = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BatonConfigException(
          "Setting " + key + " must be a whole number, got '" + text + "'" + from(key), e);
    }
    if (parsed < min || parsed > max) {
      throw new BatonConfigException(
          "Setting "
              + key
              + " must be between "
              + min
              + " and "
              + max
              + ", got "
              + parsed
              + from(key));
    }
    return parsed;
  }

  private boolean booleanValue(String key) {
    String text = required(key).trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new BatonConfigException(
        "Setting " + key + " must be true or false, got '" + text + "'" + from(key));
  }

  private void requireOneOf(String key, String value, String one, String other) {
    if (!value.equals(one) && !value.equals(other)) {
      throw new BatonConfigException(
          "Setting "
              + key
              + " must be '"
              + one
              + "' or '"
              + other
              + "', got '"
              + value
              + "'"
              + from(key));
    }
  }

  private int intValue(String key, int min, int max) {
    return (int) longValue(key, min, max);
  }

  private String from(String key) {
    String source = sources.get(key);
    return source == null ? "" : " (from " + source + ")";
  }

  private void requireDistinctTopics(TopicNames names) {
    Map<String, String> byTopic = new HashMap<>();
    for (String key :
        List.of(
            TOPIC_COMMANDS,
            TOPIC_TASK_RESULTS,
            TOPIC_TASK_DISPATCH,
            TOPIC_STATUS,
            TOPIC_METRICS,
            TOPIC_DEAD_LETTER)) {
      String previous = byTopic.put(values.get(key), key);
      if (previous != null) {
        throw new BatonConfigException(
            "Settings "
                + previous
                + " and "
                + key
                + " name the same topic '"
                + values.get(key)
                + "'; every Baton topic needs its own");
      }
    }
  }

  private static boolean isBatonKey(String key) {
    return key.startsWith(BATON_PREFIX);
  }

  private static boolean isStreamsOnly(String key) {
    if (STREAMS_PREFIXES.stream().anyMatch(key::startsWith)) {
      return true;
    }
    return StreamsConfig.configDef().names().contains(key) && !CLIENT_KEYS.contains(key);
  }

  private static boolean isKafkaKey(String key) {
    return KAFKA_KEYS.contains(key)
        || STREAMS_PREFIXES.stream()
            .anyMatch(prefix -> key.startsWith(prefix) && key.length() > prefix.length());
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("token")
        || k.contains("keystore.key")
        || k.contains("credential");
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(StreamsConfig.APPLICATION_ID_CONFIG, "baton");
    d.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
    d.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Baton has no global stores; this is Kafka 5.0's default, and without it every start warns.
    d.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    d.put(StreamsConfig.STATE_DIR_CONFIG, "data/streams");
    // Producer and commit settings measured against throughput and turnaround.
    d.putAll(StreamsTuning.defaults());
    TopicNames topics = TopicNames.DEFAULTS;
    d.put(TOPIC_COMMANDS, topics.commands());
    d.put(TOPIC_TASK_RESULTS, topics.taskResults());
    d.put(TOPIC_TASK_DISPATCH, topics.taskDispatch());
    d.put(TOPIC_STATUS, topics.status());
    d.put(TOPIC_METRICS, topics.metrics());
    d.put(TOPIC_DEAD_LETTER, topics.deadLetter());
    d.put(HTTP_PORT, "8080");
    d.put(HTTP_BIND_ADDRESS, "127.0.0.1");
    d.put(MAX_RECORD_BYTES, Integer.toString(BatonTopology.DEFAULT_MAX_RECORD_BYTES));
    d.put(MAX_OUTPUT_RECORD_BYTES, Long.toString(EngineConfig.DEFAULTS.maxOutputRecordBytes()));
    // Every record Baton writes must fit what the producer sends and the topics take, the
    // changelogs included: room for the largest output (baton.max-output-record-bytes) and its
    // envelope.
    // Kafka's 1 MiB defaults would let one valid input stop a partition (RecordTooLargeException).
    d.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        Long.toString(MAX_RECORD_SIZE_BYTES));
    d.put(
        StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Long.toString(MAX_RECORD_SIZE_BYTES));
    d.put(MAX_TASKS, Integer.toString(EngineConfig.DEFAULTS.maxTasks()));
    d.put(MAX_TASK_OUTPUT_BYTES, Integer.toString(EngineConfig.DEFAULT_MAX_TASK_OUTPUT_BYTES));
    d.put(RETENTION_FINISHED_MS, Long.toString(EngineConfig.DEFAULT_RETENTION_FINISHED_MS));
    d.put(HISTORY_ENABLED, "true");
    d.put(DEFINITION_METRICS_ENABLED, "true");
    d.put(
        DEFINITION_METRICS_WINDOW_MS,
        Long.toString(dev.baton.topology.BatonTopology.Options.DEFAULT_WINDOW_MS));
    d.put(HTTP_WAIT_TIMEOUT_MS, "10000");
    d.put(CRITICAL_PATH_LIMIT, Integer.toString(EngineConfig.DEFAULTS.criticalPathLimit()));
    d.put(STARTUP_TIMEOUT_MS, "120000");
    d.put(TIMER_INTERVAL_MS, Long.toString(TimerSettings.DEFAULTS.intervalMs()));
    d.put(TIMER_MAX_BATCH_MS, Long.toString(TimerSettings.DEFAULTS.maxBatchMs()));
    d.put(WORKER_GROUP_ID, "baton-workers");
    d.put(WORKER_THREADS, "4");
    d.put(INSTANCE_ID, INSTANCE_ID_AUTO);
    // A server that dies is noticed in 6 s, not Kafka Streams' 45: its partitions move then. With
    // static membership (baton.instance-id) a server that crashes and restarts within it keeps
    // them, with no rebalance at all; one stopped on purpose leaves the group (BatonServer).
    d.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
    d.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1500");
    // The streams rebalance protocol (KIP-1071): the brokers assign the partitions, and the
    // group's session can be shorter than the classic protocol's 6 s minimum where the brokers
    // allow it (group.streams.min.session.timeout.ms; Kafka's default is 45 s, the embedded
    // broker's 1 s). BatonServer sets these on the group at start.
    d.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
    d.put(GROUP_SESSION_TIMEOUT_MS, "1500");
    d.put(GROUP_HEARTBEAT_INTERVAL_MS, "500");
    d.put(GROUP_STANDBY_REPLICAS, "1");
    // The brokers batch assignment changes (Kafka: one per second) and hold a new group's first
    // one back for more members (3 s). A takeover waits for the next assignment, and a starting
    // server's stream threads join one after the other, each waiting for the next: 100 ms and no
    // initial delay, with the restore wait below, took a restarted server from p50 7.0 s to 4.6 s
    // (FailoverBenchmark, docs/RELIABILITY.md).
    d.put(GROUP_ASSIGNMENT_INTERVAL_MS, "100");
    d.put(GROUP_INITIAL_REBALANCE_DELAY_MS, "0");
    d.put(GROUP_CONFIGURE, "true");
    // A server killed inside a transaction holds back what read_committed readers see of every
    // partition it wrote to, and the committed offsets of its inputs, until the transaction
    // coordinator aborts it: transaction.timeout.ms after it began (Kafka Streams: 10 s), at the
    // coordinator's next check (brokers: transaction.abort.timed.out.transaction.cleanup
    // .interval.ms, 10 s by default, 0.5 s on the embedded broker). A transaction here spans one
    // commit interval (50 ms); a stream thread stalled longer than this is fenced and rejoins.
    d.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "2000");
    // A task taken over or restarted serves once its state is restored, and the restore consumer
    // waits up to fetch.max.wait.ms (500 ms) for changelog records that are not there, poll after
    // poll, before it sees it has caught up.
    d.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "50");
    return Collections.unmodifiableMap(d);
  }

  private static Map<String, String> envNamesOfBatonKeys() {
    Map<String, String> names = new HashMap<>();
    for (String key : BATON_KEYS) {
      String name =
          ENV_PREFIX
              + key.substring(BATON_PREFIX.length())
                  .toUpperCase(Locale.ROOT)
                  .replace('.', '_')
                  .replace('-', '_');
      if (names.put(name, key) != null) {
        throw new IllegalStateException("Two Baton settings share the variable " + name);
      }
    }
    return Map.copyOf(names);
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return Set.copyOf(all);
  }

  /** Where settings come from; every source can be replaced, for tests. */
  public static final class Builder {

    private Map<String, String> environment = System.getenv();
    private ConfigFileReader fileReader = ConfigFileReader.DISK;
    private Path defaultFile = DEFAULT_FILE;
    private Path configFile;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** The environment to read {@code BATON_*} variables from (default: the process's). */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    public Builder fileReader(ConfigFileReader fileReader) {
      this.fileReader = Objects.requireNonNull(fileReader, "fileReader");
      return this;
    }

    /** The optional file read first (default {@code config/baton.properties}); null for none. */
    public Builder defaultFile(Path file) {
      this.defaultFile = file;
      return this;
    }

    /** The {@code --config} file: it must exist. Null for none. */
    public Builder configFile(Path file) {
      this.configFile = file;
      return this;
    }

    /** Settings that win over every other source; null values mean "not given" and are skipped. */
    public Builder overrides(Map<String, String> settings) {
      if (settings != null) {
        settings.forEach(this::override);
      }
      return this;
    }

    public Builder override(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value != null) {
        overrides.put(key, value);
      }
      return this;
    }

    public BatonConfig build() {
      Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
      Map<String, String> sources = new HashMap<>();
      DEFAULTS.keySet().forEach(key -> sources.put(key, "built-in default"));
      List<String> warnings = new ArrayList<>();
      if (defaultFile != null) {
        readFile(defaultFile, false)
            .ifPresent(file -> layer(values, sources, file, "file " + defaultFile));
      }
      if (configFile != null) {
        readFile(configFile, true)
            .ifPresent(file -> layer(values, sources, file, "file " + configFile));
      }
      environmentLayer(values, sources, warnings);
      overrides.forEach(
          (key, value) -> {
            requireKnownIfBaton(key, "override");
            values.put(key, value.trim());
            sources.put(key, "override");
          });
      warnings.forEach(LOG::warn);
      return new BatonConfig(values, sources, warnings);
    }

    private Optional<Map<String, String>> readFile(Path file, boolean mustExist) {
      Optional<String> text;
      try {
        text = fileReader.read(file);
      } catch (IOException e) {
        throw new BatonConfigException("Cannot read config file " + file + ": " + e, e);
      }
      if (text.isEmpty()) {
        if (mustExist) {
          throw new BatonConfigException("Config file " + file + " does not exist");
        }
        return Optional.empty();
      }
      Properties props = new Properties();
      try {
        props.load(new StringReader(text.get()));
      } catch (IOException | IllegalArgumentException e) {
        throw new BatonConfigException("Malformed config file " + file + ": " + e.getMessage(), e);
      }
      Map<String, String> settings = new TreeMap<>();
      for (String key : props.stringPropertyNames()) {
        requireKnownIfBaton(key, "file " + file);
        settings.put(key, props.getProperty(key).trim());
      }
      return Optional.of(settings);
    }

    private static void layer(
        Map<String, String> values,
        Map<String, String> sources,
        Map<String, String> layer,
        String source) {
      layer.forEach(
          (key, value) -> {
            values.put(key, value);
            sources.put(key, source);
          });
    }

    private void environmentLayer(
        Map<String, String> values, Map<String, String> sources, List<String> warnings) {
      // Sorted, so that warnings and errors come out in a stable order.
      for (String name : new TreeSet<>(environment.keySet())) {
        if (!name.startsWith(ENV_PREFIX) || RESERVED_ENVIRONMENT.contains(name)) {
          continue;
        }
        String key = keyOfVariable(name);
        if (key == null) {
          warnings.add(
              "Ignoring environment variable "
                  + name
                  + ": '"
                  + kafkaKeyOf(name)
                  + "' is neither a Baton nor a Kafka setting");
          continue;
        }
        values.put(key, environment.get(name).trim());
        sources.put(key, "environment variable " + name);
      }
    }

    /** The setting a {@code BATON_*} variable names, or null when it names none. */
    static String keyOfVariable(String name) {
      String batonKey = ENV_NAMES_OF_BATON_KEYS.get(name);
      if (batonKey != null) {
        return batonKey;
      }
      String key = kafkaKeyOf(name);
      if (key.startsWith(BATON_PREFIX)) {
        String shorter = ENV_PREFIX + name.substring(ENV_PREFIX.length() + "BATON_".length());
        throw new BatonConfigException(
            "Environment variable "
                + name
                + " is not used: Baton's"
                + " settings drop their 'baton.' prefix in the environment"
                + (ENV_NAMES_OF_BATON_KEYS.containsKey(shorter) ? "; use " + shorter : ""));
      }
      return isKafkaKey(key) ? key : null;
    }

    private static String kafkaKeyOf(String name) {
      return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static void requireKnownIfBaton(String key, String source) {
      if (!key.startsWith(BATON_PREFIX) || BATON_KEYS.contains(key)) {
        return;
      }
      if (key.startsWith(WORKER_SHELL_PREFIX) && key.length() > WORKER_SHELL_PREFIX.length()) {
        return;
      }
      throw new BatonConfigException(
          "Unknown Baton setting "
              + key
              + " (from "
              + source
              + "); known settings: "
              + new TreeSet<>(BATON_KEYS)
              + " and "
              + WORKER_SHELL_PREFIX
              + "<task name>");
    }
  }
}
