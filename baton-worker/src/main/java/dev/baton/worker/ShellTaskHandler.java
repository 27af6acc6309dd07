package dev.baton.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs allow-listed shell commands as tasks. The allow-list is the worker's own configuration
 * ({@code baton.worker.shell.<task name>=<command line>}): a task runs the command listed under its
 * {@code name}, and a task whose name is not listed fails without retry. Nothing in a dispatch can
 * choose or change the command: the task's {@code input} reaches the process only as the
 * environment variable {@code BATON_INPUT} (JSON), next to {@code BATON_INSTANCE_ID}, {@code
 * BATON_WORKFLOW_ID}, {@code BATON_TASK_ID}, {@code BATON_TASK_NAME} and {@code BATON_ATTEMPT}.
 *
 * <p>The command runs with {@code /bin/sh -c}, stdin closed. Exit code 0 completes the task: when
 * stdout is a JSON object, it is the task's output, else the output is {@code {"stdout": "..."}}.
 * Any other exit code fails it (retryable) with the code and the end of stderr. An interrupted
 * handler (timeout, worker closing) kills the process and its children.
 */
public final class ShellTaskHandler implements TaskHandler {

  /** Output kept per stream; the rest is read and dropped, so the process never blocks on it. */
  static final int MAX_CAPTURE_BYTES = 1 << 20;

  private static final int STDERR_TAIL_CHARS = 2_000;

  private final Map<String, String> commands;

  /**
   * @param commands task name to command line
   */
  public ShellTaskHandler(Map<String, String> commands) {
    this.commands = Map.copyOf(new TreeMap<>(Objects.requireNonNull(commands, "commands")));
  }

  /** Registers this handler for every allow-listed task name. */
  public TaskRegistry registerAll(TaskRegistry registry) {
    commands.keySet().forEach(name -> registry.register(name, this));
    return registry;
  }

  @Override
  public JsonNode handle(TaskContext task) throws Exception {
    String command = commands.get(task.name());
    if (command == null) {
      throw new NonRetryableTaskException(
          "task name '"
              + task.name()
              + "' is not in this"
              + " worker's shell allow-list "
              + commands.keySet());
    }
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
    Map<String, String> env = builder.environment();
    env.put("BATON_INPUT", task.input().toString());
    env.put("BATON_INSTANCE_ID", task.instanceId());
    env.put("BATON_WORKFLOW_ID", String.valueOf(task.workflowId()));
    env.put("BATON_TASK_ID", task.taskId());
    env.put("BATON_TASK_NAME", task.name());
    env.put("BATON_ATTEMPT", Integer.toString(task.attempt()));
    Process process = builder.start();
    process.getOutputStream().close();
    Capture stdout = new Capture(process.getInputStream(), "stdout of " + task.taskId());
    Capture stderr = new Capture(process.getErrorStream(), "stderr of " + task.taskId());
    // Both streams are drained at once: a process blocked on a full stderr pipe never exits.
    stdout.start();
    stderr.start();
    int exitCode;
    try {
      exitCode = process.waitFor();
      stdout.join();
      stderr.join();
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      throw e;
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "command '" + command + "' exited with code " + exitCode + tail(stderr.text()));
    }
    return output(stdout);
  }

  private static JsonNode output(Capture stdout) {
    String text = stdout.text();
    if (!stdout.truncated() && text.strip().startsWith("{")) {
      try {
        JsonNode json =
            Json.MAPPER
                .reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(text);
        if (json != null && json.isObject()) {
          return json;
        }
      } catch (IOException e) {
        // Not JSON after all: it is returned as text below.
      }
    }
    ObjectNode output = Json.MAPPER.createObjectNode();
    output.put("stdout", text);
    if (stdout.truncated()) {
      output.put("truncated", true);
    }
    return output;
  }

  private static String tail(String stderr) {
    String trimmed = stderr.strip();
    if (trimmed.isEmpty()) {
      return "";
    }
    return ": "
        + (trimmed.length() <= STDERR_TAIL_CHARS
            ? trimmed
            : "..." + trimmed.substring(trimmed.length() - STDERR_TAIL_CHARS));
  }

  /** Reads a process stream to its end on a thread of its own, keeping the first bytes. */
  private static final class Capture extends Thread {

    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;
    private volatile IOException failure;

    Capture(InputStream in, String name) {
      super(name);
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8_192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          int room = MAX_CAPTURE_BYTES - kept.size();
          if (n > room) {
            truncated = true;
          }
          kept.write(buffer, 0, Math.max(0, Math.min(n, room)));
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    String text() {
      if (failure != null) {
        throw new UncheckedIOException("Cannot read the " + getName(), failure);
      }
      return kept.toString(StandardCharsets.UTF_8);
    }

    boolean truncated() {
      return truncated;
    }
  }
}
