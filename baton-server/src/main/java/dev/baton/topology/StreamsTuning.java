package dev.baton.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka Streams and client settings Baton ships with, beyond Kafka's defaults, chosen by
 * measurement ({@code ./baton bench}; docs/BENCHMARKS.md has the before-and-after of each). The
 * server's configuration starts from these (a configuration file or the environment overrides any
 * of them), and the benchmark gives them to every Baton application it measures.
 */
public final class StreamsTuning {

  private StreamsTuning() {}

  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    return Collections.unmodifiableMap(d);
  }
}
