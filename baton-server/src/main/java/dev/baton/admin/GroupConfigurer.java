package dev.baton.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a streams group's own settings on the brokers (KIP-1071: the session timeout, heartbeat
 * interval, standby replicas and assignment pace of a group using {@code group.protocol=streams}
 * are the group's, not the client's). Brokers bound them ({@code
 * group.streams.min.session.timeout.ms}, 45 s by default): a refused value is reported with the
 * broker setting that allows it, and the server runs on with what the brokers give, since a slower
 * failover is better than no server.
 */
public final class GroupConfigurer {

  private static final Logger LOG = LoggerFactory.getLogger(GroupConfigurer.class);

  private GroupConfigurer() {}

  /**
   * Sets each of {@code settings} on its own, in their order (the brokers check the settings of one
   * request together, and one refused value would take the others down with it).
   *
   * @return what went wrong, as logged; empty when the brokers took every setting
   */
  public static List<String> apply(Admin admin, String groupId, Map<String, String> settings) {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    List<String> problems = new ArrayList<>();
    Map<String, String> taken = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      AlterConfigOp op =
          new AlterConfigOp(
              new ConfigEntry(setting.getKey(), setting.getValue()), AlterConfigOp.OpType.SET);
      try {
        admin.incrementalAlterConfigs(Map.of(group, List.of(op))).all().get(30, TimeUnit.SECONDS);
        taken.put(setting.getKey(), setting.getValue());
      } catch (ExecutionException e) {
        problems.add(
            setting.getKey() + "=" + setting.getValue() + ": " + e.getCause().getMessage());
      } catch (TimeoutException e) {
        problems.add(
            setting.getKey() + "=" + setting.getValue() + ": the brokers did not answer in 30 s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add(setting.getKey() + ": interrupted");
        break;
      }
    }
    if (!taken.isEmpty()) {
      LOG.info("Streams group {} set on the brokers: {}", groupId, taken);
    }
    if (!problems.isEmpty()) {
      LOG.warn(
          "The brokers refused settings of streams group {}: {}. The group runs with the"
              + " brokers' values for these: a refused session timeout means a dead server may"
              + " take as long as theirs (Kafka's default: 45 s) to be replaced, refused standby"
              + " replicas mean a takeover restores the state first. Allow them on the brokers"
              + " (group.streams.min.session.timeout.ms, group.streams.min.heartbeat.interval.ms,"
              + " group.streams.max.standby.replicas, group.streams.min.assignment.interval.ms),"
              + " set the baton.group.* settings within the"
              + " brokers' bounds, or set baton.group.configure=false and configure the group with"
              + " kafka-configs.sh.",
          groupId,
          problems);
    }
    return problems;
  }
}
