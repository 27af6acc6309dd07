package dev.baton.cli;

import dev.baton.config.BatonConfig;
import dev.baton.worker.TaskRegistry;
import dev.baton.worker.Worker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Baton end to end on this machine: an embedded broker, the server, a worker, and every example
 * workflow, with live progress read from the status topic like any other client would.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run every example workflow on an embedded Kafka broker with a Baton server "
          + "and a demo worker, showing live progress.",
      "Exits 0 when every workflow reached its expected status (fails-after-retries is "
          + "expected to FAIL). Everything runs in temporary directories that are removed."
    })
public final class DemoCommand implements Callable<Integer> {

  /** How long the demo keeps a workflow paused before resuming it. */
  static final Duration PAUSE = Duration.ofSeconds(3);

  @Spec CommandSpec spec;

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description =
          "the workflow definitions to run (default: ./examples, then " + "$BATON_HOME/examples)")
  Path examples;

  @Option(names = "--plain", description = "plain lines even on a terminal")
  boolean plain;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "give up when the workflows have not ended after this long "
              + "(default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "8",
      description = "tasks the demo worker runs at once (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "2",
      description = "partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--verbose", description = "show Baton's and Kafka's log messages")
  boolean verbose;

  @Override
  public Integer call() {
    if (threads < 1 || partitions < 1 || timeoutSeconds < 1) {
      throw CliException.badInput("--threads, --partitions and --timeout must be at least 1");
    }
    Path dir =
        examples != null
            ? examples
            : BatonHome.directory("examples")
                .orElseThrow(
                    () ->
                        CliException.badInput(
                            "no examples directory here or under "
                                + "$BATON_HOME; give one with --examples DIR"));
    List<DemoScenario> scenarios = DemoScenario.load(dir);
    try (Logs quiet = verbose ? Logs.unchanged() : Logs.quietForDemo()) {
      return run(dir, scenarios);
    }
  }

  private int run(Path dir, List<DemoScenario> scenarios) {
    PrintWriter out = spec.commandLine().getOut();
    Terminal terminal = Terminal.detect(plain);
    long begin = System.currentTimeMillis();
    out.println(terminal.bold("Baton demo") + ": " + scenarios.size() + " workflows from " + dir);
    out.flush();

    Running running = new Running();
    // Ctrl-C skips the finally block below; the hook still stops everything and removes the
    // temporary directories.
    Thread hook = new Thread(running::close, "baton-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      step(out, "Kafka, topics and server");
      LocalBaton local =
          running.local(
              LocalBaton.start(0, null, OptionalInt.of(partitions), hermeticSettings(), null));
      done(
          out,
          begin,
          "Kafka "
              + local.kafka().bootstrapServers()
              + ", "
              + partitions
              + " partitions per topic, server "
              + local.server().httpUri());

      long workerStart = System.currentTimeMillis();
      step(out, "Worker");
      running.worker(
          Workers.builder(local.config())
              .threads(threads)
              .groupId("baton-demo-workers")
              .shutdownGrace(Duration.ofSeconds(2))
              .registry(new TaskRegistry().fallback(new DemoTaskHandler()))
              .build()
              .start());
      done(out, workerStart, threads + " threads; each task does what its input says");

      boolean asExpected = runWorkflows(local, scenarios, terminal, out, begin);
      return asExpected ? ExitCodes.OK : ExitCodes.FAILED;
    } finally {
      long stopStart = System.currentTimeMillis();
      step(out, "Stopping worker, server and Kafka");
      running.close();
      done(out, stopStart, "temporary directories removed");
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down (Ctrl-C): the hook has run or is running.
      }
    }
  }

  /** What the demo started, stopped once: by the command when it ends, or on Ctrl-C. */
  private static final class Running implements AutoCloseable {

    private LocalBaton local;
    private Worker worker;
    private boolean closed;

    synchronized LocalBaton local(LocalBaton started) {
      this.local = started;
      return started;
    }

    synchronized void worker(Worker started) {
      this.worker = started;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (worker != null) {
          worker.close();
        }
      } finally {
        if (local != null) {
          local.close();
        }
      }
    }
  }

  private boolean runWorkflows(
      LocalBaton local,
      List<DemoScenario> scenarios,
      Terminal terminal,
      PrintWriter out,
      long begin) {
    KafkaClients clients = new KafkaClients(local.config());
    DemoBoard board = new DemoBoard(out, terminal);
    KafkaProducer<String, byte[]> producer = clients.producer();
    try (StatusFeed feed = StatusFeed.fromBeginning(clients, null)) {
      String commands = local.config().topics().commands();
      for (DemoScenario scenario : scenarios) {
        String instanceId = SubmitCommand.generateId(scenario.definition().workflowId());
        board.add(scenario, instanceId);
        producer.send(
            new ProducerRecord<>(
                commands,
                instanceId,
                WorkflowCommands.create(instanceId, scenario.definition().json(), true)));
      }
      producer.flush();
      out.println("Submitted " + scenarios.size() + " workflows; live progress:");
      out.println();
      out.flush();

      PauseResume pauses = new PauseResume(board, producer, commands);
      long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
      while (!board.allEnded() && System.currentTimeMillis() < deadline) {
        for (StatusRecord event : feed.poll(Duration.ofMillis(100))) {
          board.onEvent(event);
          pauses.onEvent(event);
        }
        pauses.tick(System.currentTimeMillis());
        board.render();
      }
      if (!board.allEnded()) {
        board.note("gave up after " + timeoutSeconds + " s");
      }
      return board.summary(System.currentTimeMillis() - begin);
    } finally {
      KafkaClients.closeQuietly(producer);
    }
  }

  /** The demo must not pick up a developer's config/baton.properties or BATON_* variables. */
  private static BatonConfig.Builder hermeticSettings() {
    return BatonConfig.builder()
        .defaultFile(null)
        .environment(Map.of())
        .override(StreamsConfig.APPLICATION_ID_CONFIG, "baton-demo")
        .override(BatonConfig.HTTP_PORT, "0");
  }

  private static void step(PrintWriter out, String what) {
    out.print("  " + what + "... ");
    out.flush();
  }

  private static void done(PrintWriter out, long since, String detail) {
    out.println(
        "done in " + DurationText.format(System.currentTimeMillis() - since) + " (" + detail + ")");
    out.flush();
  }

  /**
   * Pauses the paused examples after their first completed task and resumes them {@link #PAUSE}
   * later, through the same commands a user would send.
   */
  private static final class PauseResume {

    private final DemoBoard board;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Map<String, Long> resumeAt = new java.util.HashMap<>();
    private final java.util.Set<String> pauseSent = new java.util.HashSet<>();

    PauseResume(DemoBoard board, KafkaProducer<String, byte[]> producer, String topic) {
      this.board = board;
      this.producer = producer;
      this.topic = topic;
    }

    void onEvent(StatusRecord event) {
      DemoBoard.Row row = board.row(event.instanceId());
      if (row == null || !row.scenario.pauseAndResume()) {
        return;
      }
      if (event.type().equals("TaskCompleted") && pauseSent.add(event.instanceId())) {
        board.note("pausing " + row.scenario.name() + " for " + PAUSE.toSeconds() + " s");
        send(WorkflowCommands.PAUSE, event.instanceId());
      } else if (event.type().equals("WorkflowPaused")) {
        resumeAt.put(event.instanceId(), System.currentTimeMillis() + PAUSE.toMillis());
      }
    }

    void tick(long now) {
      resumeAt
          .entrySet()
          .removeIf(
              entry -> {
                if (entry.getValue() > now) {
                  return false;
                }
                board.note("resuming " + board.row(entry.getKey()).scenario.name());
                send(WorkflowCommands.RESUME, entry.getKey());
                return true;
              });
    }

    private void send(String type, String instanceId) {
      producer.send(
          new ProducerRecord<>(topic, instanceId, WorkflowCommands.lifecycle(type, instanceId)));
      producer.flush();
    }
  }
}
