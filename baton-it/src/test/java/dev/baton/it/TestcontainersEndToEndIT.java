package dev.baton.it;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end scenario on the official broker image instead of the embedded broker. Skipped
 * where no Docker engine runs. The image can be chosen with {@code -Dbaton.it.kafka-image=...}.
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersEndToEndIT {

  private static final String IMAGE =
      System.getProperty("baton.it.kafka-image", "apache/kafka:4.1.0");

  @Container private static final KafkaContainer KAFKA = new KafkaContainer(IMAGE);

  private static BatonTestCluster cluster;
  private TestApp app;

  @BeforeAll
  static void connect() {
    cluster = BatonTestCluster.external(KAFKA.getBootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void newApp() {
    app = cluster.newApp();
  }

  @AfterEach
  void closeApp() throws Exception {
    app.close();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldCompleteAGroupsAndAnEagerWorkflowWithGaplessSeq() throws Exception {
    Scenarios.groupsAndEagerWorkflowsComplete(app);
  }
}
