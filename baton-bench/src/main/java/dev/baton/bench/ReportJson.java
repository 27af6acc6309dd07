package dev.baton.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing the report: fields in insertion order, figures rounded, unknown figures as null. */
final class ReportJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();
  private static final int DECIMALS = 3;

  private ReportJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Puts {@code value} rounded to {@value #DECIMALS} decimals; null if NaN or infinite. */
  static void putFigure(ObjectNode node, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(field);
    } else {
      node.put(
          field,
          BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_UP).stripTrailingZeros());
    }
  }

  /** Puts a byte count as mebibytes, or null if it is unknown (negative). */
  static void putMegabytes(ObjectNode node, String field, long bytes) {
    putFigure(node, field, bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0));
  }

  static String text(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the file, creating its directory if needed. */
  static void write(ObjectNode node, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, text(node) + System.lineSeparator());
    } catch (IOException e) {
      throw new BenchmarkException("Cannot write the report to " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code 1000000 -> "1m"}, {@code 50000 -> "50k"}, {@code 1500 -> "1500"}: for field names. */
  static String count(long n) {
    if (n > 0 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "m";
    }
    if (n > 0 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Long.toString(n);
  }
}
