package dev.baton.server;

import com.sun.net.httpserver.HttpServer;
import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicProvisioner;
import dev.baton.admin.TopicVerificationException;
import dev.baton.config.BatonConfig;
import dev.baton.topology.BatonTopology;
import dev.baton.topology.ProducerTickSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator: Baton's topology on Kafka Streams, and the read-only HTTP API next to it.
 *
 * <p>{@link #start} checks the input topics, binds the HTTP port, starts Kafka Streams and returns
 * once it is RUNNING. Every failure on the way stops what was started and throws a {@link
 * ServerStartException} saying what to fix.
 *
 * <p>Several servers with the same {@code application.id} share the partitions. Each one tells the
 * others its HTTP address through {@code application.server} (set from {@code
 * baton.http.advertised-host} and the bound port unless configured explicitly), so a {@code GET
 * /workflows/{id}} on any of them is answered by the one that holds the instance.
 */
public final class BatonServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatonServer.class);

  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** Request threads, and one for each live stream a browser may hold open. */
  private static final int HTTP_THREADS = 8 + LiveStream.MAX_CLIENTS;

  private final BatonConfig config;
  private final HttpServer http;
  private final ExecutorService httpExecutor;
  private final HostInfo self;
  private final int partitions;
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private KafkaStreams streams;
  private ProducerTickSender ticks;
  private CommandGateway commands;
  private StatusTail tail;
  private BatonMeters meters;
  private boolean closed;

  private BatonServer(
      BatonConfig config,
      HttpServer http,
      ExecutorService httpExecutor,
      HostInfo self,
      int partitions) {
    this.config = config;
    this.http = http;
    this.httpExecutor = httpExecutor;
    this.self = self;
    this.partitions = partitions;
  }

  /** Starts a server and returns once Kafka Streams is RUNNING. */
  public static BatonServer start(BatonConfig config) {
    return start(config, Clock.systemUTC());
  }

  static BatonServer start(BatonConfig config, Clock clock) {
    requireAuthOffLoopback(config);
    int partitions;
    // One admin client for what start-up asks the brokers: each new one is a new connection.
    try (Admin admin = Admin.create(config.clientProperties())) {
      partitions = verifyInputTopics(admin, config);
      configureGroup(admin, config);
    }
    HttpServer http = bind(config);
    ExecutorService httpExecutor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
    http.setExecutor(httpExecutor);
    Properties props = config.streamsProperties();
    HostInfo self;
    try {
      self = advertise(config, props, http.getAddress().getPort());
    } catch (RuntimeException e) {
      http.stop(0);
      httpExecutor.shutdown();
      throw e;
    }
    BatonServer server = new BatonServer(config, http, httpExecutor, self, partitions);
    try {
      server.startStreams(props, clock);
      server.awaitRunning();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "Baton is running: application.id={}, bootstrap.servers={}, HTTP on {}",
        config.applicationId(),
        config.bootstrapServers(),
        server.httpUri());
    return server;
  }

  /** The bound HTTP port (the chosen one when {@code baton.http.port} is 0). */
  public int httpPort() {
    return http.getAddress().getPort();
  }

  /** Where this machine reaches the HTTP API, e.g. {@code http://127.0.0.1:8080}. */
  public URI httpUri() {
    InetAddress bound = http.getAddress().getAddress();
    String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
    return URI.create("http://" + host + ":" + httpPort());
  }

  /** The address other instances forward requests to ({@code application.server}). */
  public HostInfo advertisedAddress() {
    return self;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Blocks until Kafka Streams has stopped, by {@link #close()} or by a failure (see {@link
   * ThreadFailurePolicy}); returns false when {@code timeout} passed first.
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether Kafka Streams stopped on an error rather than by {@link #close()}. */
  public boolean failed() {
    return streams.state() == KafkaStreams.State.ERROR;
  }

  /** Stops serving HTTP, then Kafka Streams, leaving the group so its partitions move at once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    http.stop(0);
    httpExecutor.shutdown();
    if (streams != null) {
      // Leaving the group hands the partitions over now, not after session.timeout.ms.
      boolean done =
          streams.close(
              CloseOptions.groupMembershipOperation(
                      CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                  .withTimeout(CLOSE_TIMEOUT));
      if (!done) {
        LOG.warn("Kafka Streams did not stop within {} s", CLOSE_TIMEOUT.toSeconds());
      }
    }
    if (meters != null) {
      meters.close();
    }
    if (ticks != null) {
      ticks.close();
    }
    if (tail != null) {
      tail.close();
    }
    if (commands != null) {
      commands.close();
    }
    stopped.countDown();
    LOG.info("Baton server stopped (application.id={})", config.applicationId());
  }

  private void startStreams(Properties props, Clock clock) {
    ticks = new ProducerTickSender(config.clientProperties(), config.topics().taskResults());
    meters = new BatonMeters();
    Topology topology =
        BatonTopology.build(
            config.topics(),
            config.engineConfig(),
            config.maxRecordBytes(),
            config.timerSettings(),
            ticks,
            config.topologyOptions(),
            meters);
    try {
      streams = new KafkaStreams(topology, props);
    } catch (KafkaException e) {
      throw new ServerStartException("Invalid Kafka Streams settings: " + e.getMessage(), e);
    }
    meters.bind(streams);
    streams.setUncaughtExceptionHandler(new ThreadFailurePolicy());
    streams.setStateListener(
        (newState, oldState) -> {
          LOG.info("Kafka Streams {} -> {}", oldState, newState);
          if (newState == KafkaStreams.State.RUNNING) {
            running.countDown();
          } else if (newState == KafkaStreams.State.ERROR
              || newState == KafkaStreams.State.NOT_RUNNING) {
            running.countDown();
            stopped.countDown();
          }
        });
    commands =
        new CommandGateway(
            config.clientProperties(),
            config.topics().commands(),
            config.engineConfig().maxTasks());
    tail = new StatusTail(config.clientProperties(), config.topics());
    http.createContext(
        "/",
        new HttpApi(
            new StreamsBackend(
                streams,
                self,
                config.topics().commands(),
                partitions,
                config.historyEnabled(),
                config.topologyOptions().definitionMetrics()
                    ? config.topologyOptions().definitionWindowMs()
                    : 0,
                clock,
                meters),
            commands,
            tail,
            FORWARD_TIMEOUT,
            config.httpWaitTimeout(),
            config.httpToken().orElse(null)));
    // Served before RUNNING, so /health can say what startup is waiting for.
    http.start();
    streams.start();
  }

  private void awaitRunning() {
    Duration timeout = config.startupTimeout();
    try {
      running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerStartException("Interrupted while waiting for Kafka Streams to start", e);
    }
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      throw new ServerStartException(
          "Kafka Streams stopped during startup (state "
              + state
              + "); see the errors logged above");
    }
    if (running.getCount() > 0) {
      throw new ServerStartException(
          "Kafka Streams was not RUNNING within "
              + timeout.toSeconds()
              + " s (state "
              + state
              + "); is "
              + config.bootstrapServers()
              + " reachable? A large state restore may need a longer "
              + BatonConfig.STARTUP_TIMEOUT_MS);
    }
  }

  /** Under the streams protocol, the group's session and standbys are set on the brokers. */
  private static void configureGroup(Admin admin, BatonConfig config) {
    BatonConfig.GroupSettings group = config.groupSettings();
    if (group.streamsProtocol() && group.configure()) {
      dev.baton.admin.GroupConfigurer.apply(admin, config.applicationId(), group.groupConfigs());
    }
  }

  /** Refuses to start on missing or non-co-partitioned inputs: Streams would fail obscurely. */
  private static int verifyInputTopics(Admin admin, BatonConfig config) {
    try {
      int partitions =
          TopicProvisioner.verifyInputs(
              admin, config.topics().commands(), config.topics().taskResults());
      LOG.info(
          "Input topics {} and {} have {} partitions each",
          config.topics().commands(),
          config.topics().taskResults(),
          partitions);
      if (config.topologyOptions().definitionMetrics()) {
        // Created here too, for clusters set up before DefinitionMetrics existed.
        String facts = BatonTopology.definitionFactsTopic(config.topics());
        TopicProvisioner.createAll(
            admin,
            List.of(
                TopicCatalog.defaults().stream()
                    .filter(spec -> spec.name().equals(TopicCatalog.DEFINITION_FACTS))
                    .findFirst()
                    .orElseThrow()
                    .withName(facts)),
            OptionalInt.of(partitions),
            OptionalInt.empty());
      }
      return partitions;
    } catch (TopicVerificationException e) {
      throw new ServerStartException("Baton cannot start: " + e.getMessage(), e);
    } catch (dev.baton.admin.TopicProvisioningException e) {
      throw new ServerStartException(
          "Baton cannot create its DefinitionMetrics topic: "
              + e.getMessage()
              + "; create the topics (baton topics create), or set "
              + BatonConfig.DEFINITION_METRICS_ENABLED
              + "=false",
          e);
    } catch (KafkaException e) {
      throw new ServerStartException(
          "Baton cannot reach Kafka at " + config.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The contract's rule: an API reachable from other machines needs a token, unless {@code
   * baton.http.auth=none} says on purpose that it does not.
   */
  private static void requireAuthOffLoopback(BatonConfig config) {
    InetSocketAddress address = new InetSocketAddress(config.httpBindAddress(), 0);
    boolean loopback = !address.isUnresolved() && address.getAddress().isLoopbackAddress();
    if (!loopback && config.httpToken().isEmpty() && !config.httpAuthDisabled()) {
      throw new ServerStartException(
          "Baton will not serve HTTP on "
              + config.httpBindAddress()
              + " without a token: set "
              + BatonConfig.HTTP_TOKEN
              + " (clients then send 'Authorization: Bearer <token>'), or "
              + BatonConfig.HTTP_AUTH
              + "=none to serve it open on purpose");
    }
  }

  private static HttpServer bind(BatonConfig config) {
    InetSocketAddress address = new InetSocketAddress(config.httpBindAddress(), config.httpPort());
    if (address.isUnresolved()) {
      throw new ServerStartException(
          "Cannot resolve "
              + BatonConfig.HTTP_BIND_ADDRESS
              + " '"
              + config.httpBindAddress()
              + "'");
    }
    try {
      return HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new ServerStartException(
          "Cannot serve HTTP on "
              + config.httpBindAddress()
              + ":"
              + config.httpPort()
              + " ("
              + e.getMessage()
              + "); set "
              + BatonConfig.HTTP_PORT
              + " (--http-port of baton dev and baton server) to a free port, or 0 to pick one",
          e);
    }
  }

  /** Sets {@code application.server} unless configured, and returns this instance's address. */
  private static HostInfo advertise(BatonConfig config, Properties props, int port) {
    String configured = props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (configured != null && !configured.isBlank()) {
      return HostInfo.buildFromEndpoint(configured);
    }
    String host = config.httpAdvertisedHost().orElseGet(() -> defaultAdvertisedHost(config));
    props.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + port);
    return new HostInfo(host, port);
  }

  private static String defaultAdvertisedHost(BatonConfig config) {
    String bind = config.httpBindAddress();
    InetSocketAddress address = new InetSocketAddress(bind, 0);
    if (!address.isUnresolved() && address.getAddress().isAnyLocalAddress()) {
      // Bound to every interface: others need a name that leads here, not 0.0.0.0.
      try {
        return InetAddress.getLocalHost().getCanonicalHostName();
      } catch (UnknownHostException e) {
        throw new ServerStartException(
            "Cannot determine this machine's host name for"
                + " application.server; set "
                + BatonConfig.HTTP_ADVERTISED_HOST,
            e);
      }
    }
    return bind;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "baton-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
