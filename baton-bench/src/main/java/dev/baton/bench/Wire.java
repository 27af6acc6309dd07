package dev.baton.bench;

import java.nio.charset.StandardCharsets;

/**
 * The few contract records the benchmark writes, built as text: ids are generated from {@code
 * [A-Za-z0-9._:-]}, which JSON strings carry without escaping.
 */
final class Wire {

  private Wire() {}

  static byte[] createAndStart(String instanceId, String definitionJson) {
    return ("{\"type\":\"CreateWorkflow\",\"instanceId\":\""
            + instanceId
            + "\",\"definition\":"
            + definitionJson
            + ",\"start\":true}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] taskCompleted(String instanceId, String taskId, int attempt) {
    return ("{\"type\":\"TaskCompleted\",\"instanceId\":\""
            + instanceId
            + "\",\"taskId\":\""
            + taskId
            + "\",\"attempt\":"
            + attempt
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The top-level {@code type} of an output record. {@link dev.baton.protocol.json.OutputWriter}
   * writes it first, so the first {@code "type"} in the text is the top-level one.
   */
  static String typeOf(byte[] json) {
    String text = new String(json, 0, Math.min(json.length, 64), StandardCharsets.UTF_8);
    int start = text.indexOf("\"type\":\"");
    if (start < 0) {
      return "";
    }
    start += 8;
    int end = text.indexOf('"', start);
    return end < 0 ? "" : text.substring(start, end);
  }
}
