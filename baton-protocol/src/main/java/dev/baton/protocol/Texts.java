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

  /** Whether {@code text} has a UTF-16 surrogate without its other half: not writable as UTF-8. */
  public static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The most bytes {@code text} takes as a JSON string, quotes included: what a writer escapes
   * ({@code "} and {@code \} two bytes, control characters six) and UTF-8 for the rest.
   */
  public static long jsonStringBytes(String text) {
    if (text == null) {
      return 4; // null
    }
    long bytes = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x20) {
        bytes += 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2; // a surrogate pair is 4 bytes for 2 chars
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The UTF-8 size of {@code text}; 0 for null. */
  public static long utf8Bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
