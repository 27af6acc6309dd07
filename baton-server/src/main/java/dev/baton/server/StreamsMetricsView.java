package dev.baton.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The JSON answer of {@code GET /metrics.json} (the Prometheus text is {@link BatonMeters}):
 * Baton's own sensors (group or tag names containing "baton"), each summed over the tasks of this
 * instance and listed per task, and the stream threads' processing rate and total.
 *
 * <pre>
 * {"state": "RUNNING",
 *  "baton": {"dead-letter-rate": 0.0, "dead-letter-total": 2.0, ...},
 *  "process-rate": 41.5, "process-total": 1250.0,
 *  "sensors": [{"group": "stream-baton-metrics", "name": "dead-letter-total",
 *               "tags": {"baton-id": "0_1", "thread-id": "..."}, "value": 1.0}, ...]}
 * </pre>
 */
final class StreamsMetricsView {

  private static final String THREAD_GROUP = "stream-thread-metrics";
  private static final List<String> THREAD_METRICS = List.of("process-rate", "process-total");

  private StreamsMetricsView() {}

  static ObjectNode render(KafkaStreams.State state, Map<MetricName, ? extends Metric> metrics) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("state", state.name());
    Map<String, Double> baton = new TreeMap<>();
    Map<String, Double> threads = new TreeMap<>();
    THREAD_METRICS.forEach(name -> threads.put(name, 0.0));
    ArrayNode sensors = Json.MAPPER.createArrayNode();
    metrics.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<MetricName, ? extends Metric> e) -> e.getKey().name())
                .thenComparing(e -> e.getKey().tags().toString()))
        .forEach(
            e -> {
              MetricName name = e.getKey();
              if (!(e.getValue().metricValue() instanceof Number number)) {
                return;
              }
              // A rate has no value before its first sample; it counts as nothing, not as NaN.
              double value = Double.isFinite(number.doubleValue()) ? number.doubleValue() : 0.0;
              if (isBaton(name)) {
                baton.merge(name.name(), value, Double::sum);
                ObjectNode sensor = sensors.addObject();
                sensor.put("group", name.group());
                sensor.put("name", name.name());
                ObjectNode tags = sensor.putObject("tags");
                new TreeMap<>(name.tags()).forEach(tags::put);
                sensor.put("value", value);
              } else if (THREAD_GROUP.equals(name.group())
                  && THREAD_METRICS.contains(name.name())) {
                threads.merge(name.name(), value, Double::sum);
              }
            });
    ObjectNode batonJson = json.putObject("baton");
    baton.forEach(batonJson::put);
    threads.forEach(json::put);
    json.set("sensors", sensors);
    return json;
  }

  /** The tag values hold the application id, which is often "baton": only names count. */
  private static boolean isBaton(MetricName name) {
    return name.group().contains("baton")
        || name.tags().keySet().stream().anyMatch(tag -> tag.contains("baton"));
  }
}
