package dev.baton.protocol.output;

import dev.baton.protocol.Texts;
import java.util.Arrays;
import java.util.Base64;

/**
 * The contract's dead letter: the original record with why it was refused. It always fits the
 * output limits, whatever came in: the copy of the value is cut at {@link #MAX_COPIED_VALUE_BYTES}
 * ({@code valueTruncated} says so, {@code valueBytes} keeps the original's size), a key at {@link
 * #MAX_KEY_CHARS} characters ({@code keyTruncated}), the message at {@link Texts#MAX_TEXT_CHARS}.
 *
 * @param valueBase64 the value, or its first {@link #MAX_COPIED_VALUE_BYTES} bytes; null for none
 * @param valueBytes the size of the original value; null when it had none
 */
public record DeadLetter(
    DeadLetterReason reason,
    String message,
    String topic,
    int partition,
    long offset,
    String key,
    boolean keyTruncated,
    String valueBase64,
    Integer valueBytes,
    boolean valueTruncated,
    long timestamp) {

  /** The most bytes of a refused value a dead letter copies: base64 of it stays under 700 KB. */
  public static final int MAX_COPIED_VALUE_BYTES = 512 * 1024;

  /**
   * The most characters of a refused record's key a dead letter keeps, as its own key too. Valid
   * keys are ids of at most 128 characters.
   */
  public static final int MAX_KEY_CHARS = 1_024;

  /** The dead letter of one input record, cut to fit. */
  public static DeadLetter of(
      DeadLetterReason reason,
      String message,
      String topic,
      int partition,
      long offset,
      String key,
      byte[] value,
      long timestamp) {
    boolean keyTruncated = key != null && key.length() > MAX_KEY_CHARS;
    boolean valueTruncated = value != null && value.length > MAX_COPIED_VALUE_BYTES;
    byte[] copied = valueTruncated ? Arrays.copyOf(value, MAX_COPIED_VALUE_BYTES) : value;
    return new DeadLetter(
        reason,
        Texts.capped(message),
        topic,
        partition,
        offset,
        keyTruncated ? key.substring(0, MAX_KEY_CHARS) : key,
        keyTruncated,
        copied == null ? null : Base64.getEncoder().encodeToString(copied),
        value == null ? null : value.length,
        valueTruncated,
        timestamp);
  }
}
