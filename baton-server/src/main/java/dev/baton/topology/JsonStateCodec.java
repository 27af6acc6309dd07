package dev.baton.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.engine.state.CommandSeen;
import dev.baton.engine.state.DefinitionEntry;
import dev.baton.engine.state.GroupEntry;
import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.ListEntry;
import dev.baton.engine.state.PlanEntry;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.TimerEntry;
import dev.baton.engine.state.TimerWatermark;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON encoding of state store values that Baton wrote before {@link StateCodec}'s binary one
 * (0.1 and v1.1 of the contract). Kept as a reader: stores and changelogs written by an earlier
 * version hold these values, and {@link StateCodec#decodeEntry} and {@link
 * StateCodec#decodeInstance} hand every value whose first byte is <code>'{'</code> to it. The
 * encoding side is kept for the tests that prove exactly that, and for {@link
 * dev.baton.engine.state.DefinitionEntry}, whose definition stays JSON inside the binary entry.
 *
 * <p>The entry kinds are tagged with short stable names, never Java class names. Unknown fields are
 * ignored.
 */
final class JsonStateCodec {

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@k")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = TaskState.class, name = "task"),
    @JsonSubTypes.Type(value = GroupEntry.class, name = "group"),
    @JsonSubTypes.Type(value = PlanEntry.class, name = "plan"),
    @JsonSubTypes.Type(value = DefinitionEntry.class, name = "def"),
    @JsonSubTypes.Type(value = ListEntry.class, name = "list"),
    @JsonSubTypes.Type(value = IndexEntry.class, name = "idx"),
    @JsonSubTypes.Type(value = CommandSeen.class, name = "seen"),
    @JsonSubTypes.Type(value = TimerEntry.class, name = "timer"),
    @JsonSubTypes.Type(value = TimerWatermark.class, name = "watermark")
  })
  private interface StoredEntryMixin {}

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // Absent reads back as null: nulls cost bytes and parsing on every event for nothing.
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .addMixIn(StoredEntry.class, StoredEntryMixin.class)
          .build();

  /** The mapper of the old state values, also for a definition inside a binary entry. */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  private static final ObjectWriter ENTRY_WRITER = MAPPER.writerFor(StoredEntry.class);
  private static final ObjectReader ENTRY_READER = MAPPER.readerFor(StoredEntry.class);
  private static final ObjectWriter INSTANCE_WRITER = MAPPER.writerFor(InstanceState.class);
  private static final ObjectReader INSTANCE_READER = MAPPER.readerFor(InstanceState.class);

  private JsonStateCodec() {}

  static byte[] encodeEntry(StoredEntry entry) {
    try {
      return ENTRY_WRITER.writeValueAsBytes(entry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StoredEntry decodeEntry(byte[] bytes) {
    try {
      return ENTRY_READER.readValue(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable state entry", e);
    }
  }

  static byte[] encodeInstance(InstanceState instance) {
    try {
      return INSTANCE_WRITER.writeValueAsBytes(instance);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InstanceState decodeInstance(byte[] bytes) {
    try {
      return INSTANCE_READER.readValue(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable instance state", e);
    }
  }
}
