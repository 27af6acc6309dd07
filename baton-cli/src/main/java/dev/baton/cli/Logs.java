package dev.baton.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Log levels chosen per command, restored when the command ends: commands also run inside other
 * programs (tests run them in-process), whose logging must be left as it was.
 */
final class Logs implements AutoCloseable {

  private final Map<String, Level> previous = new LinkedHashMap<>();

  private Logs(Map<String, Level> levels) {
    levels.forEach(
        (name, level) -> {
          previous.put(name, LogManager.getLogger(name).getLevel());
          Configurator.setLevel(name, level);
        });
  }

  static Logs unchanged() {
    return new Logs(Map.of());
  }

  /**
   * For commands that finish in seconds: Kafka's clients warn several times a second while a broker
   * is unreachable, and the command reports that itself, in one line. Errors still show.
   * Long-running commands (server, worker) keep the warnings: there they are the only news of a
   * connection that comes and goes.
   */
  static Logs quietKafkaClients() {
    return new Logs(Map.of("org.apache.kafka", Level.ERROR));
  }

  /**
   * For the demo: startup and shutdown messages of broker, server and worker would tear its live
   * view, and Kafka warns about choices it makes on purpose (state in a temporary directory).
   * Errors still show.
   */
  static Logs quietForDemo() {
    return new Logs(
        Map.of("dev.baton", Level.WARN, "org.apache.kafka", Level.ERROR, "kafka", Level.ERROR));
  }

  @Override
  public void close() {
    previous.forEach(Configurator::setLevel);
  }
}
