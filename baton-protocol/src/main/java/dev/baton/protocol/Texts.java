package dev.baton.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Bounds on the free text that flows from an input into Baton's outputs (errors, reasons, dead
 * letter messages), so that no single input can make an output record too large to write.
 */
public final class Texts {

  /** The most characters of free text any output carries from an input. */
  public static final int MAX_TEXT_CHARS = 8_192;

  private Texts() {}

  /** {@code text}, or its first {@code maxChars} characters with a note of how long it was. */
  public static String capped(String text, int maxChars) {
    if (text == null || text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return text.substring(0, end) + "... (truncated, " + text.length() + " characters)";
  }

  /** {@link #capped(String, int)} at {@link #MAX_TEXT_CHARS}. */
  public static String capped(String text) {
    return capped(text, MAX_TEXT_CHARS);
  }

  /** The UTF-8 size of {@code text}; 0 for null. */
  public static long utf8Bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
