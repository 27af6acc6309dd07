package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

  @Test
  void shouldRoundFiguresAndWriteUnknownOnesAsNull() throws Exception {
    // given
    ObjectNode node = ReportJson.object();

    // when
    ReportJson.putFigure(node, "rate", 12_345.678_91);
    ReportJson.putFigure(node, "ratio", 0.25);
    ReportJson.putFigure(node, "whole", 3.0);
    ReportJson.putFigure(node, "missing", Double.NaN);
    ReportJson.putFigure(node, "endless", Double.POSITIVE_INFINITY);
    ReportJson.putMegabytes(node, "heap_mb", 3L * 1024 * 1024 / 2);
    ReportJson.putMegabytes(node, "rss_mb", -1);

    // then
    JsonNode read = Json.MAPPER.readTree(ReportJson.text(node));
    assertThat(read.get("rate").decimalValue()).isEqualByComparingTo("12345.679");
    assertThat(read.get("ratio").asDouble()).isEqualTo(0.25);
    assertThat(read.get("whole").asDouble()).isEqualTo(3.0);
    assertThat(read.get("missing").isNull()).isTrue();
    assertThat(read.get("endless").isNull()).isTrue();
    assertThat(read.get("heap_mb").asDouble()).isEqualTo(1.5);
    assertThat(read.get("rss_mb").isNull()).isTrue();
  }

  @Test
  void shouldWriteRoundFiguresWithoutExponents() {
    ObjectNode node = ReportJson.object();
    ReportJson.putFigure(node, "p50", 300.0);

    assertThat(ReportJson.text(node).replaceAll("\\s", "")).isEqualTo("{\"p50\":300}");
  }

  @Test
  void shouldKeepFieldsInTheOrderTheyWerePut() {
    // given
    ObjectNode node = ReportJson.object();
    node.put("b", 1);
    node.put("a", 2);
    ReportJson.putFigure(node, "c", 3);

    // then
    assertThat(ReportJson.text(node).replaceAll("\\s", "")).isEqualTo("{\"b\":1,\"a\":2,\"c\":3}");
  }

  @Test
  void shouldWriteTheFileCreatingItsDirectory(@TempDir Path dir) throws Exception {
    // given
    ObjectNode node = ReportJson.object();
    ReportJson.putFigure(node, "ratio_to_limit", 0.5);
    Path file = dir.resolve("nested").resolve("benchmark.json");

    // when
    ReportJson.write(node, file);

    // then
    assertThat(Json.MAPPER.readTree(Files.readString(file)).get("ratio_to_limit").asDouble())
        .isEqualTo(0.5);
  }

  @Test
  void shouldNameCountsShortlyForFieldNames() {
    assertThat(ReportJson.count(1_000_000)).isEqualTo("1m");
    assertThat(ReportJson.count(100_000)).isEqualTo("100k");
    assertThat(ReportJson.count(50_000)).isEqualTo("50k");
    assertThat(ReportJson.count(1_500)).isEqualTo("1500");
    assertThat(ReportJson.count(10)).isEqualTo("10");
  }
}
