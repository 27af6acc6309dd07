package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.admin.GroupConfigurer;
import dev.baton.config.BatonConfig;
import dev.baton.devbroker.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A streams group's settings on a broker with Kafka's own bounds (a 45 s minimum session): the
 * session is refused and said so, the settings the broker allows are taken all the same.
 */
@Tag("integration")
class GroupConfigurerIT {

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void shouldTakeWhatTheBrokersAllowAndReportTheRest() throws Exception {
    try (EmbeddedKafka kafka =
            EmbeddedKafka.builder()
                .kafkaPort(0)
                .brokerConfig("group.streams.min.session.timeout.ms", "45000")
                .build()
                .start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<String, String> settings =
          new BatonConfig.GroupSettings(true, 1500, 500, 1, 100, 0, true).groupConfigs();

      List<String> problems = GroupConfigurer.apply(admin, "baton-group-it", settings);

      assertThat(problems)
          .singleElement()
          .asString()
          .startsWith("streams.session.timeout.ms=1500: ");
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "baton-group-it");
      var config = admin.describeConfigs(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
      assertThat(config.get("streams.num.standby.replicas").value()).isEqualTo("1");
      assertThat(config.get("streams.heartbeat.interval.ms").value()).isEqualTo("500");
      assertThat(config.get("streams.assignment.interval.ms").value()).isEqualTo("100");
      assertThat(config.get("streams.initial.rebalance.delay.ms").value()).isEqualTo("0");
      assertThat(config.get("streams.session.timeout.ms").value()).isNotEqualTo("1500");
    }
  }
}
