package dev.baton.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code baton server} in a JVM of its own, on a test app's topics, so that it can be stopped,
 * continued and killed as an operating system would: SIGSTOP, SIGCONT, SIGKILL.
 */
final class ServerProcess implements AutoCloseable {

  private final Path config;
  private final Path log;
  private final Map<String, String> settings;
  private final List<String> jvmOptions = new ArrayList<>();
  private Process process;

  /**
   * @param stateDir this server's own directory: its state and, if kept, its identity across
   *     restarts
   */
  ServerProcess(TestApp app, Path stateDir, Map<String, String> settings) throws IOException {
    this.config = stateDir.resolve("server.properties");
    this.log = stateDir.resolve("server.log");
    Map<String, String> all =
        new java.util.LinkedHashMap<>(app.settings(stateDir.resolve("streams")));
    all.putAll(settings);
    this.settings = Map.copyOf(all);
    List<String> lines = new ArrayList<>();
    all.forEach((key, value) -> lines.add(key + "=" + value));
    Files.write(config, lines);
  }

  /**
   * Records the classes this server loads into {@code archive} when it exits normally (class data
   * sharing, as {@code ./baton} does for its long-running commands).
   */
  ServerProcess recordingClassesTo(Path archive) {
    jvmOptions.addAll(
        List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    return this;
  }

  /** Starts from the classes recorded in {@code archive}. */
  ServerProcess sharingClassesFrom(Path archive) {
    jvmOptions.addAll(
        List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    return this;
  }

  /**
   * This JVM's class path; with class data sharing, its jars alone (an archive is refused for a
   * class path with a directory that holds classes, such as the tests' own; a server needs none of
   * them).
   */
  private String classPath() {
    String classPath = System.getProperty("java.class.path");
    if (jvmOptions.isEmpty()) {
      return classPath;
    }
    return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry)))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  ServerProcess start() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp", classPath(), "dev.baton.cli.BatonCli", "server", "--config", config.toString()));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return this;
  }

  /** Where the server's output goes. */
  Path log() {
    return log;
  }

  /** One of the settings this server runs with. */
  String setting(String key) {
    return settings.get(key);
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** kill -9, and waits until the process is gone. */
  void kill() throws Exception {
    signal("KILL");
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** {@link #kill()} for a fault list: failures are the test's failures. */
  void killQuietly() {
    try {
      kill();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
