package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.config.BatonConfig;
import dev.baton.worker.ShellTaskHandler;
import dev.baton.worker.TaskContext;
import dev.baton.worker.TaskHandler;
import dev.baton.worker.TaskRegistry;
import dev.baton.worker.Worker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A worker process: runs dispatched tasks until Ctrl-C. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run tasks from the dispatch topic and report their results, until Ctrl-C.",
      "Tasks named in the shell allow-list (baton.worker.shell.<task name>=<command> in the "
          + "configuration) run that command; every other task runs the demo handler, which "
          + "does what the task's input says: sleepMs, failAttempts, alwaysFail, "
          + "nonRetryable, error, output."
    })
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "tasks run at the same time (default: baton.worker.threads, 4)")
  Integer threads;

  @Option(
      names = "--group-id",
      paramLabel = "ID",
      description =
          "workers of one group share the tasks (default: baton.worker.group-id, "
              + "baton-workers)")
  String groupId;

  @Option(
      names = "--demo-handler",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "run the tasks the shell allow-list does not name with the demo handler "
              + "(default: on); --no-demo-handler fails them instead")
  boolean demoHandler;

  @Option(
      names = {"-q", "--quiet"},
      description = "do not print a line per task")
  boolean quiet;

  @Override
  public Integer call() throws InterruptedException {
    BatonConfig config = client.config();
    KafkaClients clients = new KafkaClients(config);
    // The start-up check reports an unreachable cluster in one line, as the server's does; the
    // running worker keeps Kafka's warnings, the only news of a connection that comes and goes.
    try (Logs quiet = Logs.quietKafkaClients()) {
      Admin admin = clients.admin();
      try {
        clients.requireTopics(
            admin, List.of(config.topics().taskDispatch(), config.topics().taskResults()));
      } finally {
        KafkaClients.closeQuietly(admin);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> shell = config.workerShellCommands();
    TaskRegistry registry = new TaskRegistry();
    if (!shell.isEmpty()) {
      ShellTaskHandler handler = new ShellTaskHandler(shell);
      shell.keySet().forEach(name -> registry.register(name, printing(handler, out)));
    }
    if (demoHandler) {
      registry.fallback(printing(new DemoTaskHandler(), out));
    }
    Worker.Builder builder = Workers.builder(config).registry(registry);
    if (threads != null) {
      builder.threads(threads);
    }
    if (groupId != null) {
      builder.groupId(groupId);
    }
    Worker worker = builder.build();
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "baton-worker-shutdown"));
    worker.start();
    out.println(
        "Worker running against "
            + config.bootstrapServers()
            + " ("
            + (threads != null ? threads : config.workerThreads())
            + " threads, group "
            + (groupId != null ? groupId : config.workerGroupId())
            + ")");
    out.println(
        "  shell tasks:  "
            + (shell.isEmpty()
                ? "none (baton.worker.shell.<name>=<command>)"
                : String.join(", ", shell.keySet())));
    out.println(
        "  other tasks:  "
            + (demoHandler ? "demo handler, driven by each task's input" : "fail: no handler"));
    out.println("Stop with Ctrl-C.");
    out.flush();
    while (!worker.awaitTermination(Duration.ofSeconds(1))) {
      // Waiting for Ctrl-C, or the worker stopping on an error.
    }
    if (worker.failure().isPresent()) {
      throw CliException.failed("the worker stopped: " + worker.failure().get().getMessage());
    }
    return ExitCodes.OK;
  }

  /** One line per task attempt, so that whoever runs a worker sees it work. */
  private TaskHandler printing(TaskHandler handler, PrintWriter out) {
    if (quiet) {
      return handler;
    }
    return task -> {
      long start = System.currentTimeMillis();
      try {
        JsonNode output = handler.handle(task);
        line(out, task, "completed in " + DurationText.format(System.currentTimeMillis() - start));
        return output;
      } catch (Exception e) {
        line(
            out,
            task,
            "failed after "
                + DurationText.format(System.currentTimeMillis() - start)
                + ": "
                + e.getMessage());
        throw e;
      }
    };
  }

  private static void line(PrintWriter out, TaskContext task, String what) {
    synchronized (out) {
      out.println(
          InstanceWatcher.time(System.currentTimeMillis())
              + "  "
              + task.instanceId()
              + " / "
              + task.taskId()
              + (task.attempt() > 1 ? " (attempt " + task.attempt() + ")" : "")
              + ": "
              + what);
      out.flush();
    }
  }
}
