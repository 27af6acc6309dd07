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
 * interval and standby replicas of a group using {@code group.protocol=streams} are the group's,
 * not the client's). Brokers bound them ({@code group.streams.min.session.timeout.ms}, 45 s by
 * default): a refused value is reported with the broker setting that allows it, and the server runs
 * on with what the brokers give, since a slower failover is better than no server.
 */
public final class GroupConfigurer {

  private static final Logger LOG = LoggerFactory.getLogger(GroupConfigurer.class);

  private GroupConfigurer() {}

  /**
   * @return null when the brokers took every setting, else what went wrong, as logged
   */
  public static String apply(Admin admin, String groupId, Map<String, String> settings) {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    List<AlterConfigOp> ops = new ArrayList<>();
    settings.forEach(
        (key, value) ->
            ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
    try {
      admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(30, TimeUnit.SECONDS);
      LOG.info("Streams group {} set on the brokers: {}", groupId, settings);
      return null;
    } catch (ExecutionException e) {
      String problem =
          "The brokers refused the settings "
              + settings
              + " of streams group "
              + groupId
              + ": "
              + e.getCause().getMessage()
              + ". The group runs with the brokers' values, so a dead server may take as long as"
              + " their session timeout (Kafka's default: 45 s) to be replaced. Allow them on the"
              + " brokers (group.streams.min.session.timeout.ms,"
              + " group.streams.min.heartbeat.interval.ms, group.streams.max.standby.replicas),"
              + " set the baton.group.* settings within the brokers' bounds, or set"
              + " baton.group.configure=false and configure the group with kafka-configs.sh.";
      LOG.warn(problem);
      return problem;
    } catch (TimeoutException e) {
      String problem =
          "The brokers did not answer within 30 s when setting streams group "
              + groupId
              + "'s settings "
              + settings
              + "; the group runs with the brokers' values.";
      LOG.warn(problem);
      return problem;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
