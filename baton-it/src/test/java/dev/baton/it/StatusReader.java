package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.LongStream;

/** The status topic, read per instance, with the contract's invariants as assertions. */
public final class StatusReader extends TopicReader {

  public StatusReader(String bootstrapServers, String topic) {
    super(bootstrapServers, topic, event -> "status-event.schema.json");
  }

  public List<JsonNode> events(String instanceId) {
    return values(instanceId);
  }

  public List<String> types(String instanceId) {
    return events(instanceId).stream().map(e -> e.get("type").asText()).toList();
  }

  /** Waits for the first event of {@code type} and returns it. */
  public JsonNode awaitEvent(String instanceId, String type) {
    return await(instanceId, e -> type.equals(e.get("type").asText()), type);
  }

  /** Waits for an event of {@code type} about {@code taskId}, attempt {@code attempt}. */
  public JsonNode awaitTaskEvent(String instanceId, String type, String taskId, int attempt) {
    return await(
        instanceId,
        e ->
            type.equals(e.get("type").asText())
                && taskId.equals(e.path("taskId").asText())
                && e.path("attempt").asInt() == attempt,
        type + " " + taskId + "#" + attempt);
  }

  /** Every event of the instance has a seq, 1, 2, 3... in order: no gap, no repeat. */
  public void assertSeqIsGapless(String instanceId) {
    List<Long> seqs = events(instanceId).stream().map(e -> e.get("seq").asLong()).toList();
    assertThat(seqs)
        .as("seq of the status events of %s", instanceId)
        .isNotEmpty()
        .containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
  }
}
