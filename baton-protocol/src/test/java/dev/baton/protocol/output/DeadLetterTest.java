package dev.baton.protocol.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Texts;
import dev.baton.protocol.json.Json;
import dev.baton.protocol.json.OutputWriter;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  /** Kafka's default max.request.size: a dead letter must fit even where nobody raised it. */
  private static final int ONE_MIB = 1024 * 1024;

  @Test
  void shouldCopyASmallValueWhole() throws Exception {
    byte[] value = "{not json".getBytes();
    JsonNode letter =
        written(DeadLetter.of(DeadLetterReason.MALFORMED_JSON, "bad", "t", 0, 1, "k", value, 5));
    assertThat(Base64.getDecoder().decode(letter.get("valueBase64").asText())).isEqualTo(value);
    assertThat(letter.get("valueBytes").asInt()).isEqualTo(value.length);
    assertThat(letter.get("valueTruncated").asBoolean()).isFalse();
    assertThat(letter.has("keyTruncated")).isFalse();
    assertThat(letter.get("key").asText()).isEqualTo("k");
  }

  @Test
  void shouldCutTheCopyOfAnOversizedValueAndKeepItsSize() throws Exception {
    byte[] value = new byte[5_600_000];
    Arrays.fill(value, (byte) 'x');
    byte[] bytes =
        OutputWriter.deadLetter(
            DeadLetter.of(DeadLetterReason.TOO_LARGE, "too large", "t", 3, 42, "k", value, 5));
    JsonNode letter = Json.MAPPER.readTree(bytes);
    assertThat(bytes.length).isLessThan(ONE_MIB);
    assertThat(letter.get("valueBytes").asInt()).isEqualTo(5_600_000);
    assertThat(letter.get("valueTruncated").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(letter.get("valueBase64").asText()))
        .isEqualTo(Arrays.copyOf(value, DeadLetter.MAX_COPIED_VALUE_BYTES));
  }

  @Test
  void shouldCutAHugeKeyAndAHugeMessage() throws Exception {
    String key = "k".repeat(3_000_000);
    String message = "m".repeat(3_000_000);
    DeadLetter cut = DeadLetter.of(DeadLetterReason.MISSING_KEY, message, "t", 0, 0, key, null, 5);
    byte[] bytes = OutputWriter.deadLetter(cut);
    JsonNode letter = Json.MAPPER.readTree(bytes);
    assertThat(bytes.length).isLessThan(64 * 1024);
    assertThat(cut.key()).hasSize(DeadLetter.MAX_KEY_CHARS);
    assertThat(letter.get("keyTruncated").asBoolean()).isTrue();
    assertThat(letter.get("message").asText())
        .startsWith("m".repeat(Texts.MAX_TEXT_CHARS))
        .endsWith("(truncated, 3000000 characters)");
    assertThat(letter.get("valueBase64").isNull()).isTrue();
  }

  private static JsonNode written(DeadLetter letter) throws Exception {
    return Json.MAPPER.readTree(OutputWriter.deadLetter(letter));
  }
}
