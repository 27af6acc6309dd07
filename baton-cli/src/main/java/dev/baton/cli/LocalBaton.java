package dev.baton.cli;

import dev.baton.admin.ProvisionReport;
import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicProvisioner;
import dev.baton.config.BatonConfig;
import dev.baton.devbroker.EmbeddedKafka;
import dev.baton.server.BatonServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything Baton needs on one machine: the embedded broker, the topics and a server, started in
 * that order and stopped in the reverse one. {@code dev} keeps its data in a directory across runs;
 * {@code demo} uses temporary directories that are deleted on close.
 */
final class LocalBaton implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final Path stateDir;
  private final boolean deleteStateDir;
  private DataDirLock lock;
  private BatonConfig config;
  private BatonServer server;
  private ProvisionReport topics;

  private LocalBaton(EmbeddedKafka kafka, Path stateDir, boolean deleteStateDir) {
    this.kafka = kafka;
    this.stateDir = stateDir;
    this.deleteStateDir = deleteStateDir;
  }

  /**
   * @param dataDir the broker's data in {@code kafka/} and the server's state in {@code streams/};
   *     null for temporary directories
   * @param partitions of every topic, or empty for the declared counts
   * @param settings every setting but the broker's address and the state directory, which are this
   *     environment's
   * @param warnings where the warning of {@link ApplicationIdCheck} goes, before the server starts;
   *     null for none
   */
  static LocalBaton start(
      int kafkaPort,
      Path dataDir,
      OptionalInt partitions,
      BatonConfig.Builder settings,
      PrintWriter warnings) {
    // First, before anything else touches the directory: one environment per data directory.
    DataDirLock lock = dataDir == null ? null : DataDirLock.acquire(dataDir);
    EmbeddedKafka kafka = EmbeddedKafka.builder().kafkaPort(kafkaPort).dataDir(dataDir).build();
    Path stateDir;
    try {
      stateDir =
          dataDir == null
              ? Files.createTempDirectory("baton-streams-")
              : dataDir.resolve("streams");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary state directory", e);
    }
    LocalBaton local = new LocalBaton(kafka, stateDir, dataDir == null);
    local.lock = lock;
    try {
      kafka.start();
      local.config =
          settings
              .override(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
              .override(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString())
              .build();
      try (Admin admin = Admin.create(local.config.clientProperties())) {
        local.topics =
            TopicProvisioner.createAll(
                admin,
                TopicsCreateCommand.renamed(TopicCatalog.defaults(), local.config.topics()),
                partitions,
                OptionalInt.empty());
        if (warnings != null) {
          ServerCommand.warnOfReplay(admin, local.config, warnings, "baton dev");
        }
      }
      local.server = BatonServer.start(local.config);
      return local;
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  BatonServer server() {
    return server;
  }

  BatonConfig config() {
    return config;
  }

  ProvisionReport topics() {
    return topics;
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      try {
        kafka.close();
        if (deleteStateDir) {
          deleteRecursively(stateDir);
        }
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }
  }

  private static void deleteRecursively(Path root) {
    try {
      Utils.delete(root.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }
}
