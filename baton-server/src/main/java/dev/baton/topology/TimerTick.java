package dev.baton.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The marker a server writes into its own partition of {@code baton.task-results} when timers are
 * due. Timeouts fire when the tick is read, not when the wall clock says they are due: whatever
 * result was appended to the partition before the tick, a worker's answer that waited through a
 * backlog, a restart or a stopped server, has been processed by then, so a result written in time
 * always wins against its timeout (the contract, v1.1).
 *
 * <p>A tick is a record with the {@value #HEADER} header, keyed {@value #KEY} (no instance id looks
 * like it), whose value is the partition it is for. It is no task result: the engine never parses
 * it, and a reader of the topic can skip it by the header.
 */
final class TimerTick {

  static final String HEADER = "baton-timer-tick";
  static final String KEY = "!timer-tick";

  /** Sends a tick to the partition its value names: the task's own. */
  static final StreamPartitioner<String, byte[]> PARTITIONER =
      (topic, key, value, numPartitions) ->
          Optional.of(Set.of(Integer.parseInt(new String(value, StandardCharsets.US_ASCII))));

  private TimerTick() {}

  static Record<String, byte[]> forPartition(int partition, long writtenAt) {
    Headers headers = new RecordHeaders().add(HEADER, new byte[] {1});
    return new Record<>(KEY, value(partition), writtenAt, headers);
  }

  /** Whether {@code record}, read from {@code partition} of the results topic, is its own tick. */
  static boolean isTickFor(Record<String, byte[]> record, int partition) {
    return isTick(record)
        && KEY.equals(record.key())
        && Arrays.equals(record.value(), value(partition));
  }

  private static byte[] value(int partition) {
    return Integer.toString(partition).getBytes(StandardCharsets.US_ASCII);
  }

  static boolean isTick(Record<String, byte[]> record) {
    return record.headers().lastHeader(HEADER) != null;
  }
}
