package dev.baton.cli;

import dev.baton.config.BatonConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where a client subcommand finds Kafka. The flag wins; without it the usual configuration layers
 * apply (config/baton.properties of the working directory or of the Baton home, --config, BATON_*
 * variables), so security settings and renamed topics work for the CLI exactly as for the server.
 */
public final class ClientOptions {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers (default: 127.0.0.1:9092, or bootstrap.servers from "
              + "the configuration)")
  String bootstrapServers;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "a properties file of settings: Kafka client settings (security.protocol, "
              + "sasl.*...) and baton.topic.* names")
  Path configFile;

  public BatonConfig config() {
    Map<String, String> overrides = new HashMap<>();
    overrides.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return BatonHome.settings(configFile).overrides(overrides).build();
  }
}
