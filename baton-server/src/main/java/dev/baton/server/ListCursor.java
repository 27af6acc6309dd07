package dev.baton.server;

import dev.baton.engine.state.ListPosition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursors of the HTTP API: a place in a list, base64url text so nobody is tempted to
 * build one. A cursor that does not decode is the client's error (400), never a server failure.
 */
final class ListCursor {

  private ListCursor() {}

  static String instances(ListPosition position) {
    return encode("w:" + position.createdAt() + ":" + position.instanceId());
  }

  static ListPosition instances(String cursor) {
    String text = decode(cursor);
    String[] parts = text.split(":", 3);
    if (parts.length != 3 || !parts[0].equals("w")) {
      throw new ApiError("INVALID_CURSOR", "'" + cursor + "' is not a cursor of this list");
    }
    try {
      return new ListPosition(Long.parseLong(parts[1]), parts[2]);
    } catch (IllegalArgumentException e) {
      throw new ApiError("INVALID_CURSOR", "'" + cursor + "' is not a cursor of this list");
    }
  }

  static String tasks(int executionIndex) {
    return encode("t:" + executionIndex);
  }

  static int tasks(String cursor) {
    String text = decode(cursor);
    try {
      if (text.startsWith("t:")) {
        int index = Integer.parseInt(text.substring(2));
        if (index >= 0) {
          return index;
        }
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new ApiError("INVALID_CURSOR", "'" + cursor + "' is not a cursor of this list");
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiError("INVALID_CURSOR", "'" + cursor + "' is not a cursor");
    }
  }
}
