package dev.baton.cli;

import dev.baton.config.BatonConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Where the CLI finds a Baton server's HTTP API. {@code --server} takes a URL or just {@code
 * HOST[:PORT]} (http is meant, and the configured port when none is given); without it, the server
 * this machine's configuration describes: {@code baton.http.bind-address} and {@code
 * baton.http.port}, so a changed port in {@code config/baton.properties} or {@code BATON_HTTP_PORT}
 * needs no flag.
 */
final class ServerUrl {

  /** Addresses that mean "every interface": a local client reaches them on the loopback. */
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "*", "::0");

  private ServerUrl() {}

  /** {@code flag} when given, else the configured server. */
  static URI resolve(String flag, BatonConfig config) {
    return flag == null ? fromConfig(config) : parse(flag, config.httpPort());
  }

  /**
   * A {@code --server} value as a base URL without a trailing slash.
   *
   * @param defaultPort the port when {@code text} names a host alone, without a scheme
   */
  static URI parse(String text, int defaultPort) {
    String given = text.trim();
    if (given.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    boolean schemeGiven = given.contains("://");
    URI uri;
    try {
      uri = new URI(schemeGiven ? given : "http://" + given);
    } catch (URISyntaxException e) {
      throw invalid(text, e.getReason());
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(text, "the scheme must be http or https");
    }
    if (uri.getHost() == null) {
      throw invalid(text, "it names no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(text, "it must not have a query or a fragment");
    }
    int port = uri.getPort();
    if (port == 0 || port > 65_535) {
      throw invalid(text, "the port must be 1 to 65535, was " + port);
    }
    if (port < 0 && !schemeGiven) {
      if (defaultPort <= 0) {
        throw invalid(text, "it names no port, and baton.http.port is 0 (any free port)");
      }
      port = defaultPort;
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return URI.create(
        scheme + "://" + hostPart(uri.getHost()) + (port < 0 ? "" : ":" + port) + path);
  }

  /** The server this machine's configuration runs. */
  static URI fromConfig(BatonConfig config) {
    int port = config.httpPort();
    if (port == 0) {
      throw CliException.badInput(
          BatonConfig.HTTP_PORT
              + " is 0 (any free port"
              + config.sourceOf(BatonConfig.HTTP_PORT).map(s -> ", from " + s).orElse("")
              + "): give the server's address with --server HOST:PORT");
    }
    String host = config.httpBindAddress().trim();
    if (WILDCARDS.contains(host) || host.isEmpty()) {
      host = config.httpAdvertisedHost().orElse("127.0.0.1");
    }
    return URI.create("http://" + hostPart(host) + ":" + port);
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static CliException invalid(String text, String why) {
    return CliException.badInput(
        "--server '"
            + text
            + "' is not a server address ("
            + why
            + "); give http://HOST:PORT or HOST:PORT");
  }
}
