package dev.baton.it;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded broker, started once per test class, and for each test an {@link TestApp} of its
 * own: its topics, application id, worker group and state directories.
 */
@Tag("integration")
abstract class EmbeddedBrokerTestBase {

  /** Set per class: classes run one after the other, each with its own broker. */
  static BatonTestCluster cluster;

  TestApp app;

  @BeforeAll
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  static void startBroker() {
    cluster = BatonTestCluster.embedded();
  }

  @AfterAll
  static void stopBroker() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
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
}
