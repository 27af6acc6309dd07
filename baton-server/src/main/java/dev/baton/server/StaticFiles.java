package dev.baton.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** The dashboard's files, from the classpath: nothing is fetched from anywhere else. */
final class StaticFiles {

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json; charset=utf-8");

  private final String root;

  /** A path of one segment with a page file's extension: {@code /app.js}, {@code /index.html}. */
  static boolean isAsset(String path) {
    if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
      return false;
    }
    String extension = path.substring(path.lastIndexOf('.') + 1);
    return path.contains(".") && !extension.equals("json") && TYPES.containsKey(extension);
  }

  StaticFiles(String root) {
    this.root = root;
  }

  void serve(HttpExchange exchange, String name) throws IOException {
    if (name.isEmpty() || name.contains("..") || name.startsWith("/") || name.contains("\\")) {
      throw new ApiError(404, "NOT_FOUND", "No file " + name);
    }
    String extension = name.substring(name.lastIndexOf('.') + 1);
    String type = TYPES.get(extension);
    InputStream in =
        type == null ? null : getClass().getClassLoader().getResourceAsStream(root + name);
    if (in == null) {
      throw new ApiError(404, "NOT_FOUND", "No file " + name);
    }
    byte[] body;
    try (in) {
      body = in.readAllBytes();
    }
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
