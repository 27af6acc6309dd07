package dev.baton.devbroker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded broker ({@link EmbeddedKafka#main(String[])}) in a JVM of its own, started with the
 * classpath of this one. Lets a test or the CLI stop or kill an application without taking the
 * broker down with it.
 *
 * <p>The child's stdout and stderr are copied to this process's stdout and stderr; the last lines
 * of stderr are kept so that a broker that fails to start can say why.
 */
public final class BrokerProcess implements AutoCloseable {

  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern READY_LINE =
      Pattern.compile(Pattern.quote(EmbeddedKafka.READY_PREFIX) + "(\\S+):(\\d+)\\s*");
  private static final int STDERR_LINES_KEPT = 40;

  private final Process process;
  private final String host;
  private final int port;
  private final StderrTail stderrTail;

  private BrokerProcess(
      final Process process, final String host, final int port, final StderrTail stderrTail) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.stderrTail = stderrTail;
  }

  /**
   * Starts a broker JVM and waits for its ready line.
   *
   * @param port the Kafka port, 0 for a free one
   * @param dataDir where the broker keeps its data; null for a temporary directory that the child
   *     deletes when it is stopped (not when it is killed)
   * @param readyTimeout how long to wait for the ready line before killing the child
   */
  public static BrokerProcess start(
      final int port, final Path dataDir, final Duration readyTimeout) {
    return start(List.of(), port, dataDir, readyTimeout);
  }

  /** As {@link #start(int, Path, Duration)}, with extra JVM options such as {@code -Xmx512m}. */
  public static BrokerProcess start(
      final List<String> jvmOptions,
      final int port,
      final Path dataDir,
      final Duration readyTimeout) {
    Objects.requireNonNull(jvmOptions, "jvmOptions");
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    final List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EmbeddedKafka.class.getName());
    command.add("--port");
    command.add(Integer.toString(port));
    if (dataDir != null) {
      command.add("--data-dir");
      command.add(dataDir.toAbsolutePath().toString());
    }
    final Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new EmbeddedKafkaException("Cannot launch the broker JVM: " + e.getMessage(), e);
    }
    // Closed at once: the broker reads nothing, and an open pipe would be a leaked descriptor.
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      process.destroyForcibly();
      throw new UncheckedIOException("Cannot close the broker JVM's stdin", e);
    }

    final StderrTail stderrTail = new StderrTail(STDERR_LINES_KEPT);
    final Thread stderrPump =
        pump(
            process,
            process.getErrorStream(),
            "baton-broker-stderr",
            line -> {
              stderrTail.add(line);
              System.err.println(line);
            },
            () -> {});

    final CompletableFuture<Matcher> ready = new CompletableFuture<>();
    final PrintStream out = System.out;
    pump(
        process,
        process.getInputStream(),
        "baton-broker-stdout",
        line -> {
          final Matcher matcher = READY_LINE.matcher(line);
          if (!ready.isDone() && matcher.matches()) {
            ready.complete(matcher);
          }
          out.println(line);
        },
        () -> ready.completeExceptionally(new IllegalStateException("stdout closed")));

    try {
      final Matcher matcher = ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new BrokerProcess(
          process, matcher.group(1), Integer.parseInt(matcher.group(2)), stderrTail);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new EmbeddedKafkaException(
          "The broker JVM (pid "
              + process.pid()
              + ") was not ready within "
              + readyTimeout.toSeconds()
              + " s; it was killed. Last stderr lines:"
              + stderrTail.text(),
          e);
    } catch (ExecutionException e) {
      final String exit = awaitExitCode(process);
      awaitPump(stderrPump);
      throw new EmbeddedKafkaException(
          "The broker JVM exited before it was ready (exit code "
              + exit
              + "). Last stderr lines:"
              + stderrTail.text(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new EmbeddedKafkaException(
          "Interrupted while waiting for the broker JVM; it was killed", e);
    }
  }

  public String bootstrapServers() {
    return host + ":" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Sends SIGTERM, which runs the broker's shutdown hook, and waits for the JVM to exit.
   *
   * @return the exit code (143 after a SIGTERM handled by the JVM)
   * @throws EmbeddedKafkaException if it did not exit in time; it is then killed
   */
  public int stop(final Duration timeout) {
    // Through the handle: Process.destroy() would also close our end of the pipes, losing what the
    // broker logs while it shuts down.
    process.toHandle().destroy();
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new EmbeddedKafkaException(
          "Interrupted while stopping the broker JVM; it was killed", e);
    }
    process.destroyForcibly();
    throw new EmbeddedKafkaException(
        "The broker JVM (pid "
            + process.pid()
            + ") did not stop within "
            + timeout.toSeconds()
            + " s of SIGTERM; it was killed. Last stderr lines:"
            + stderrTail.text());
  }

  /** SIGKILL: no shutdown hook runs, as after a crash. Waits for the JVM to be gone. */
  public int kill() {
    process.toHandle().destroyForcibly();
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException(
          "Interrupted while waiting for the killed broker JVM to exit", e);
    }
  }

  /** Stops the broker if it is still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      stop(DEFAULT_STOP_TIMEOUT);
    }
  }

  private static Thread pump(
      final Process process,
      final InputStream stream,
      final String threadName,
      final Consumer<String> onLine,
      final Runnable onEnd) {
    final Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                // When the child exits, the JDK swaps its pipe for a buffer of what was left and
                // closes the
                // pipe, which a read in progress can see as "Stream closed": that is the end of the
                // output.
                if (process.isAlive()) {
                  System.err.println(
                      threadName + ": cannot read the broker's output: " + e.getMessage());
                }
              } finally {
                onEnd.run();
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Lets the last stderr lines of a dead child reach the error message. */
  private static void awaitPump(final Thread pumpThread) {
    try {
      pumpThread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String awaitExitCode(final Process process) {
    try {
      return process.waitFor(10, TimeUnit.SECONDS)
          ? Integer.toString(process.exitValue())
          : "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The last lines a child wrote on stderr, for error messages. */
  private static final class StderrTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    StderrTail(final int capacity) {
      this.capacity = capacity;
    }

    synchronized void add(final String line) {
      if (lines.size() == capacity) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }

    synchronized String text() {
      if (lines.isEmpty()) {
        return " (none)";
      }
      return System.lineSeparator() + String.join(System.lineSeparator(), lines);
    }
  }
}
