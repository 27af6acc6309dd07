package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamsMetricsViewTest {

  private final Metrics metrics = new Metrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  private void total(String group, String name, Map<String, String> tags, int times) {
    Sensor sensor = metrics.sensor(group + name + tags);
    sensor.add(metrics.metricName(name, group, tags), new CumulativeSum());
    for (int i = 0; i < times; i++) {
      sensor.record();
    }
  }

  @Test
  void shouldSumBatonSensorsOverTasksAndKeepTheProcessRate() {
    // given
    String thread = "baton-1-StreamThread-1";
    total(
        "stream-baton-metrics",
        "dead-letter-total",
        Map.of("thread-id", thread, "task-id", "0_0", "baton-id", "0_0"),
        2);
    total(
        "stream-baton-metrics",
        "dead-letter-total",
        Map.of("thread-id", thread, "task-id", "0_1", "baton-id", "0_1"),
        1);
    total("stream-thread-metrics", "process-total", Map.of("thread-id", thread), 5);
    total("stream-thread-metrics", "commit-total", Map.of("thread-id", thread), 7);
    // when
    JsonNode json = StreamsMetricsView.render(KafkaStreams.State.RUNNING, metrics.metrics());
    // then
    assertThat(json.get("state").asText()).isEqualTo("RUNNING");
    assertThat(json.get("baton")).hasToString("{\"dead-letter-total\":3.0}");
    assertThat(json.get("process-total").asDouble()).isEqualTo(5.0);
    assertThat(json.get("process-rate").asDouble()).isEqualTo(0.0);
    assertThat(json.get("sensors")).hasSize(2);
    assertThat(json.get("sensors").get(0).get("tags").get("task-id").asText()).isEqualTo("0_0");
    assertThat(json.toString()).doesNotContain("commit-total");
  }
}
