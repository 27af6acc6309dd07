package dev.baton.cli;

import dev.baton.config.BatonConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a query subcommand finds a Baton server: {@code --server}, or the server the configuration
 * describes ({@code baton.http.bind-address}, {@code baton.http.port}, with {@code
 * baton.http.token} sent as the bearer token), read from the usual layers.
 */
final class ServerOptions {

  static final String SERVER_HELP =
      "the Baton server's HTTP address: http://HOST:PORT, or HOST[:PORT] (default: the "
          + "configuration's baton.http.bind-address and baton.http.port, "
          + "http://127.0.0.1:8080 unless changed)";

  @Option(names = "--server", paramLabel = "URL", description = SERVER_HELP)
  String server;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "a properties file of settings over config/baton.properties (baton.http.port, "
              + "baton.http.token...)")
  Path configFile;

  BatonConfig config() {
    return BatonHome.settings(configFile).build();
  }

  ServerClient client() {
    return ServerClient.of(server, config());
  }
}
