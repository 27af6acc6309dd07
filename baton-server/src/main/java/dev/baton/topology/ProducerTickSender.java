package dev.baton.topology;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks through a plain producer of the server's own, outside the tasks' transactions: a tick is
 * readable as soon as it is written, so timers fire a few milliseconds after the wall clock says
 * they are due. A tick is a marker, not data: one lost (the server dies before it is written) is
 * written again by the next check, one written twice fires nothing twice.
 */
public final class ProducerTickSender implements TickSender, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProducerTickSender.class);

  private final String topic;
  private final KafkaProducer<String, byte[]> producer;

  /**
   * @param clientProperties connection and security settings of the server's Kafka clients
   */
  public ProducerTickSender(Properties clientProperties, String topic) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "baton-timer-ticks");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    this.topic = topic;
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void send(int partition, long writtenAt) {
    var tick = TimerTick.forPartition(partition, writtenAt);
    producer.send(
        new ProducerRecord<>(topic, partition, writtenAt, tick.key(), tick.value(), tick.headers()),
        (metadata, e) -> {
          if (e != null) {
            LOG.warn("Could not write a timer tick to {}-{}: {}", topic, partition, e.toString());
          }
        });
  }

  @Override
  public void close() {
    producer.close();
  }
}
