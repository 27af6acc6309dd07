package dev.baton.devbroker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller in one node) running inside this
 * JVM, bound to 127.0.0.1 only.
 *
 * <p>The broker keeps its log under {@code <dataDir>/kafka}, so the same data directory can hold
 * other state next to it. Storage is formatted on the first start only: starting again on the same
 * data directory keeps every topic and record. Without a data directory a temporary one is used and
 * deleted on {@link #close()}.
 *
 * <p>A fatal broker error makes Kafka itself terminate the JVM (its fault handlers call {@code
 * Exit.halt}); that is also true of the real broker and is left as is.
 *
 * <p>{@link #main(String[])} runs the broker in its own JVM, see {@link BrokerProcess}.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** Printed on stdout by {@link #main(String[])}, followed by the bootstrap address. */
  public static final String READY_PREFIX = "Kafka broker ready at ";

  public static final String HOST = "127.0.0.1";
  public static final int DEFAULT_CLI_PORT = 9092;
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String LOG_SUBDIR = "kafka";
  private static final String META_PROPERTIES = "meta.properties";

  /** Ports picked by us can be taken by someone else before the broker binds them. */
  private static final int MAX_BIND_ATTEMPTS = 3;

  private final int requestedPort;
  private final Path requestedDataDir;
  private final Duration startTimeout;
  private final Map<String, String> extraConfig;

  private KafkaRaftServer server;
  private Path dataDir;
  private boolean deleteDataDirOnClose;
  private int port;
  private String clusterId;
  private boolean started;
  private boolean closed;

  private EmbeddedKafka(final Builder builder) {
    this.requestedPort = builder.kafkaPort;
    this.requestedDataDir = builder.dataDir;
    this.startTimeout = builder.startTimeout;
    this.extraConfig = Map.copyOf(builder.extraConfig);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats storage if needed, starts the broker and returns once it answers {@code
   * describeCluster}. On failure everything started so far is stopped again (and a temporary data
   * directory deleted) before the exception is thrown.
   */
  public synchronized EmbeddedKafka start() {
    if (closed) {
      throw new IllegalStateException("EmbeddedKafka was closed; build a new one");
    }
    if (started) {
      throw new IllegalStateException("EmbeddedKafka already started at " + bootstrapServers());
    }
    final long startNanos = System.nanoTime();
    try {
      prepareDataDir();
      startWithRetries();
    } catch (RuntimeException e) {
      cleanUpAfterFailedStart(e);
      throw e;
    }
    started = true;
    final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    LOG.info(
        "Kafka broker ready at {} in {} ms (cluster {}, data in {})",
        bootstrapServers(),
        elapsedMs,
        clusterId,
        logDir());
    return this;
  }

  /** {@code 127.0.0.1:PORT}; only valid once started. */
  public synchronized String bootstrapServers() {
    requireStarted();
    return HOST + ":" + port;
  }

  public synchronized int port() {
    requireStarted();
    return port;
  }

  /** The directory given to the builder, or the temporary one made for this broker. */
  public synchronized Path dataDir() {
    requireStarted();
    return dataDir;
  }

  /** The cluster id written to storage at format time: the same across restarts on one data dir. */
  public synchronized String clusterId() {
    requireStarted();
    return clusterId;
  }

  /**
   * Blocks until the broker has stopped, whether by {@link #close()} or on its own. Not
   * synchronized: it must not keep {@link #close()} from running.
   */
  public void awaitShutdown() {
    final KafkaRaftServer current;
    synchronized (this) {
      requireStarted();
      current = server;
    }
    if (current != null) {
      current.awaitShutdown();
    }
  }

  /** Stops the broker and deletes the temporary data directory, if one was made. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      final long stopNanos = System.nanoTime();
      stopServer(server);
      server = null;
      LOG.info(
          "Kafka broker at {}:{} stopped in {} ms",
          HOST,
          port,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopNanos));
    }
    if (deleteDataDirOnClose && dataDir != null) {
      deleteRecursively(dataDir);
    }
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("EmbeddedKafka is not started");
    }
  }

  private void prepareDataDir() {
    try {
      if (requestedDataDir == null) {
        dataDir = Files.createTempDirectory("baton-kafka-");
        deleteDataDirOnClose = true;
      } else {
        dataDir = requestedDataDir.toAbsolutePath();
        Files.createDirectories(dataDir);
      }
      Files.createDirectories(logDir());
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "Cannot create the Kafka data directory "
              + (dataDir != null ? dataDir : requestedDataDir)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Path logDir() {
    return dataDir.resolve(LOG_SUBDIR);
  }

  private void startWithRetries() {
    if (requestedPort != 0) {
      ensurePortFree(requestedPort);
    }
    for (int attempt = 1; ; attempt++) {
      port = requestedPort != 0 ? requestedPort : pickFreePort();
      final int controllerPort = pickFreePort();
      final Properties config = brokerConfig(port, controllerPort);
      formatIfNeeded(config);
      try {
        startServer(config);
        awaitReady();
        return;
      } catch (RuntimeException e) {
        stopQuietlyAfterFailure(e);
        final boolean portRace = requestedPort == 0 && hasBindFailure(e);
        if (!portRace || attempt >= MAX_BIND_ATTEMPTS) {
          throw e;
        }
        LOG.info(
            "A picked port was taken before the broker could bind it; retrying ({})",
            rootMessage(e));
      }
    }
  }

  private Properties brokerConfig(final int brokerPort, final int controllerPort) {
    final Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir().toString());
    // Internal topics default to replication factor 3, which one node cannot satisfy: Streams and
    // transactional producers then hang on INVALID_REPLICATION_FACTOR.
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    // The default 3 s delay makes the first Streams round trip take ~4 s instead of ~1 s.
    props.put("group.initial.rebalance.delay.ms", "0");
    // Streams groups (group.protocol=streams): a group may ask for a session of 1 s, not 45 s,
    // so a server killed with kill -9 is replaced within seconds; the group's own values are set
    // by the Baton server (streams.session.timeout.ms, streams.heartbeat.interval.ms).
    props.put("group.streams.min.session.timeout.ms", "1000");
    props.put("group.streams.min.heartbeat.interval.ms", "250");
    props.put("group.streams.initial.rebalance.delay.ms", "0");
    // The classic protocol's minimum, for the same reason (Kafka's default: 6 s).
    props.put("group.min.session.timeout.ms", "1000");
    // A killed server's open transaction holds back what read_committed readers see of every
    // partition it wrote to until the broker aborts it: look for expired ones every 500 ms, not
    // every 10 s.
    props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");
    props.put("num.partitions", "1");
    // Topics come from topics/ (TopicProvisioner); a typo in a client must not create one.
    props.put("auto.create.topics.enable", "false");
    // The cleaner allocates this buffer up front (128 MB by default) in the host JVM's heap;
    // 16 MB still dedupes ~700k keys per pass, plenty for one development node.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    // Without it, a broker that cannot reach its own controller waits for ever inside startup().
    props.put("server.max.startup.time.ms", String.valueOf(startTimeout.toMillis()));
    props.putAll(extraConfig);
    return props;
  }

  private void formatIfNeeded(final Properties config) {
    if (Files.exists(logDir().resolve(META_PROPERTIES))) {
      return;
    }
    final Path configFile;
    try {
      configFile = Files.createTempFile(dataDir, "format-", ".properties");
    } catch (IOException e) {
      throw new EmbeddedKafkaException("Cannot write the broker configuration to " + dataDir, e);
    }
    try {
      try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
        config.store(writer, "Used once, to format " + logDir());
      }
      final ByteArrayOutputStream output = new ByteArrayOutputStream();
      final String[] args = {
        "format",
        "--config",
        configFile.toString(),
        "--cluster-id",
        Uuid.randomUuid().toString(),
        "--standalone"
      };
      final int exitCode;
      try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        exitCode = StorageTool.execute(args, out);
      }
      final String text = output.toString(StandardCharsets.UTF_8).trim();
      if (exitCode != 0) {
        throw new EmbeddedKafkaException(
            "Formatting Kafka storage in "
                + logDir()
                + " failed with exit code "
                + exitCode
                + ": "
                + text);
      }
      LOG.debug("Formatted Kafka storage in {}: {}", logDir(), text);
    } catch (IOException e) {
      throw new EmbeddedKafkaException("Cannot write the broker configuration to " + configFile, e);
    } catch (EmbeddedKafkaException e) {
      throw e;
    } catch (RuntimeException e) {
      // StorageTool reports bad input as exceptions (TerseFailure) as well as exit codes.
      throw new EmbeddedKafkaException(
          "Formatting Kafka storage in " + logDir() + " failed: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(configFile);
      } catch (IOException e) {
        LOG.warn(
            "Could not delete the temporary broker configuration {}: {}", configFile, e.toString());
      }
    }
  }

  private void startServer(final Properties config) {
    final KafkaConfig kafkaConfig;
    try {
      kafkaConfig = KafkaConfig.fromProps(config, false);
    } catch (RuntimeException e) {
      throw new EmbeddedKafkaException("Invalid broker configuration: " + e.getMessage(), e);
    }
    server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      throw new EmbeddedKafkaException(
          "Kafka broker failed to start on "
              + HOST
              + ":"
              + port
              + " (data in "
              + logDir()
              + "): "
              + rootMessage(e),
          e);
    }
  }

  /** startup() normally returns with the broker unfenced; this proves a client can use it. */
  private void awaitReady() {
    final long deadline = System.nanoTime() + startTimeout.toNanos();
    final Map<String, Object> adminConfig = new LinkedHashMap<>();
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + port);
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "baton-embedded-kafka-readiness");
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    Exception lastFailure = null;
    try (Admin admin = Admin.create(adminConfig)) {
      while (System.nanoTime() < deadline) {
        try {
          final DescribeClusterResult cluster =
              admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000));
          final Collection<Node> nodes = cluster.nodes().get(5, TimeUnit.SECONDS);
          if (!nodes.isEmpty()) {
            clusterId = cluster.clusterId().get(5, TimeUnit.SECONDS);
            return;
          }
          lastFailure = new IllegalStateException("describeCluster returned no nodes");
        } catch (ExecutionException | TimeoutException e) {
          lastFailure = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EmbeddedKafkaException("Interrupted while waiting for the Kafka broker", e);
        }
        sleep(100);
      }
    }
    throw new EmbeddedKafkaException(
        "Kafka broker at "
            + HOST
            + ":"
            + port
            + " did not answer describeCluster within "
            + startTimeout.toSeconds()
            + " s"
            + (lastFailure != null ? ": " + rootMessage(lastFailure) : ""),
        lastFailure);
  }

  private void stopQuietlyAfterFailure(final RuntimeException failure) {
    if (server == null) {
      return;
    }
    try {
      stopServer(server);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    } finally {
      server = null;
    }
  }

  private void cleanUpAfterFailedStart(final RuntimeException failure) {
    stopQuietlyAfterFailure(failure);
    if (deleteDataDirOnClose && dataDir != null) {
      deleteRecursively(dataDir);
    }
    closed = true;
  }

  private static void stopServer(final KafkaRaftServer raftServer) {
    raftServer.shutdown();
    raftServer.awaitShutdown();
  }

  private static void ensurePortFree(final int candidate) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(loopback(), candidate));
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "Port "
              + candidate
              + " on "
              + HOST
              + " is already in use; choose another Kafka port (0 picks a free one)",
          e);
    }
  }

  private static int pickFreePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedKafkaException("Cannot find a free port on " + HOST, e);
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasBindFailure(final Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
        return true;
      }
    }
    return false;
  }

  static String rootMessage(final Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getName();
  }

  private static void sleep(final long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while waiting for the Kafka broker", e);
    }
  }

  private static void deleteRecursively(final Path root) {
    try {
      Utils.delete(root.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete the temporary Kafka data directory {}: {}", root, e.toString());
    }
  }

  /**
   * Runs the broker in this JVM until SIGTERM or Ctrl-C: {@code --port N} (default 9092, 0 picks a
   * free port) and {@code --data-dir DIR} (default: a temporary directory deleted on exit). Prints
   * {@value #READY_PREFIX}{@code 127.0.0.1:N} on stdout once clients can connect.
   */
  public static void main(final String[] args) {
    final CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(CommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (commandLine.help) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    final EmbeddedKafka kafka =
        builder().kafkaPort(commandLine.port).dataDir(commandLine.dataDir).build();
    final AtomicBoolean stopRequested = new AtomicBoolean();
    // Registered before start() so that a signal during startup still stops the broker cleanly:
    // close() waits for start() to finish, then shuts down.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopRequested.set(true);
                  kafka.close();
                },
                "baton-broker-shutdown"));
    try {
      kafka.start();
    } catch (RuntimeException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(READY_PREFIX + kafka.bootstrapServers());
    System.out.flush();
    kafka.awaitShutdown();
    if (!stopRequested.get()) {
      // Not through our hook: the broker shut itself down (for instance its log dir vanished).
      System.err.println("error: the Kafka broker stopped unexpectedly");
      System.exit(1);
    }
  }

  /** Options of {@link #main(String[])}. */
  private static final class CommandLine {
    static final String USAGE =
        String.join(
            System.lineSeparator(),
            "usage: java -cp <classpath> "
                + EmbeddedKafka.class.getName()
                + " [--port N] [--data-dir DIR]",
            "  --port N        Kafka port on 127.0.0.1 (default "
                + DEFAULT_CLI_PORT
                + "; 0 picks a free port)",
            "  --data-dir DIR  where the broker keeps its data, kept across restarts",
            "                  (default: a temporary directory deleted on exit)");

    int port = DEFAULT_CLI_PORT;
    Path dataDir;
    boolean help;

    static CommandLine parse(final String[] args) {
      final CommandLine result = new CommandLine();
      for (int i = 0; i < args.length; i++) {
        final String arg = args[i];
        switch (arg) {
          case "--help", "-h" -> result.help = true;
          case "--port" -> result.port = parsePort(valueOf(args, ++i, arg));
          case "--data-dir" -> result.dataDir = Path.of(valueOf(args, ++i, arg));
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      return result;
    }

    private static String valueOf(final String[] args, final int index, final String option) {
      if (index >= args.length || args[index].isBlank()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }

    private static int parsePort(final String value) {
      try {
        final int parsed = Integer.parseInt(value);
        if (parsed < 0 || parsed > 65_535) {
          throw new IllegalArgumentException("--port must be between 0 and 65535, got " + value);
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--port must be a number, got '" + value + "'", e);
      }
    }
  }

  /** Settings of an {@link EmbeddedKafka}; every one has a usable default. */
  public static final class Builder {
    private int kafkaPort;
    private Path dataDir;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private final Map<String, String> extraConfig = new LinkedHashMap<>();

    private Builder() {}

    /** The client port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder kafkaPort(final int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("kafkaPort must be between 0 and 65535, got " + port);
      }
      this.kafkaPort = port;
      return this;
    }

    /** Where the broker keeps its data; null (the default) uses a temporary directory. */
    public Builder dataDir(final Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** Bounds both the broker startup and the wait for it to answer clients. */
    public Builder startTimeout(final Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, got " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /** A broker setting applied last, over the defaults of this class. */
    public Builder brokerConfig(final String key, final String value) {
      extraConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public EmbeddedKafka build() {
      return new EmbeddedKafka(this);
    }
  }
}
