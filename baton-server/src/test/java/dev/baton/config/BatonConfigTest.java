package dev.baton.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.EngineConfig;
import dev.baton.protocol.TopicNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BatonConfigTest {

  private static final Path DEFAULT_FILE = BatonConfig.DEFAULT_FILE;
  private static final Path GIVEN_FILE = Path.of("/etc/baton/prod.properties");

  private final Map<Path, String> files = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  private BatonConfig.Builder builder() {
    return BatonConfig.builder()
        .environment(env)
        .fileReader(file -> Optional.ofNullable(files.get(file)));
  }

  private BatonConfig load() {
    return builder().build();
  }

  @Test
  void shouldRefuseAnOutputLimitThatTheProducerCouldNotSend() {
    // given the output limit raised, but not the producer's and the changelogs'
    env.put("BATON_MAX_OUTPUT_RECORD_BYTES", Integer.toString(8 * 1024 * 1024));
    // then
    assertThatThrownBy(this::load)
        .isInstanceOf(BatonConfigException.class)
        .hasMessageContaining("producer.max.request.size is 4259840, less than")
        .hasMessageContaining("records Baton writes would not fit");
  }

  @Test
  void shouldKeepTheDefaultsConsistentAndStaticMembershipOn() {
    // when
    BatonConfig config = load();
    // then
    Properties streams = config.streamsProperties();
    assertThat(streams.getProperty("producer.max.request.size")).isEqualTo("4259840");
    assertThat(streams.getProperty("topic.max.message.bytes")).isEqualTo("4259840");
    assertThat(streams.getProperty("group.protocol")).isEqualTo("streams");
    // under the streams protocol the group's settings count, set on the brokers
    assertThat(streams)
        .doesNotContainKeys("main.consumer.session.timeout.ms", "num.standby.replicas");
    assertThat(config.groupSettings())
        .isEqualTo(new BatonConfig.GroupSettings(true, 1500, 500, 1, 100, 0, true));
    assertThat(config.groupSettings().groupConfigs())
        .containsEntry("streams.session.timeout.ms", "1500")
        .containsEntry("streams.assignment.interval.ms", "100")
        .containsEntry("streams.initial.rebalance.delay.ms", "0")
        .containsEntry("streams.num.standby.replicas", "1");
    assertThat(streams.getProperty("main.consumer.group.instance.id")).startsWith("baton-");
    assertThat(config.clientProperties()).doesNotContainKeys("group.instance.id", "group.protocol");
  }

  @Test
  void shouldGiveTheClassicProtocolTheClientsSessionAndStandbys() {
    env.put("BATON_GROUP_PROTOCOL", "classic");
    env.put("BATON_GROUP_STANDBY_REPLICAS", "2");
    Properties streams = load().streamsProperties();
    assertThat(streams.getProperty("main.consumer.session.timeout.ms")).isEqualTo("6000");
    assertThat(streams.getProperty("num.standby.replicas")).isEqualTo("2");
  }

  @Test
  void shouldRefuseAHeartbeatNoShorterThanTheSessionAndAnUnknownProtocol() {
    env.put("BATON_GROUP_HEARTBEAT_INTERVAL_MS", "1500");
    assertThatThrownBy(this::load)
        .isInstanceOf(BatonConfigException.class)
        .hasMessageContaining("baton.group.heartbeat-interval-ms (1500) must be below");
    env.remove("BATON_GROUP_HEARTBEAT_INTERVAL_MS");
    env.put("BATON_GROUP_PROTOCOL", "consumer");
    assertThatThrownBy(this::load)
        .isInstanceOf(BatonConfigException.class)
        .hasMessageContaining("group.protocol must be 'streams' or 'classic', got 'consumer'");
  }

  @Test
  void shouldUseTheBuiltInDefaultsWhenNothingElseIsGiven() {
    // when
    BatonConfig config = load();
    // then
    Properties streams = config.streamsProperties();
    assertThat(streams.getProperty("application.id")).isEqualTo("baton");
    assertThat(streams.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    assertThat(streams.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(streams.getProperty("state.dir"))
        .isEqualTo(Path.of("data/streams").toAbsolutePath().normalize().toString());
    assertThat(config.topics()).isEqualTo(TopicNames.DEFAULTS);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.httpBindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.httpAdvertisedHost()).isEmpty();
    assertThat(config.maxRecordBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.engineConfig()).isEqualTo(EngineConfig.DEFAULTS);
    assertThat(config.workerThreads()).isEqualTo(4);
    assertThat(config.workerGroupId()).isEqualTo("baton-workers");
    assertThat(config.workerShellCommands()).isEmpty();
    assertThat(config.sourceOf("bootstrap.servers")).contains("built-in default");
  }

  @Test
  void shouldLetEachLayerOverrideTheOnesBeforeIt() {
    // given
    files.put(
        DEFAULT_FILE,
        "bootstrap.servers=file:9092\napplication.id=from-file\n"
            + "baton.http.port=1111\nbaton.max-tasks=50\nlinger.ms=5\n");
    files.put(GIVEN_FILE, "bootstrap.servers=given:9092\nbaton.http.port=2222\n");
    env.put("BATON_BOOTSTRAP_SERVERS", "env:9092");
    env.put("BATON_HTTP_PORT", "3333");
    // when
    BatonConfig config =
        builder()
            .configFile(GIVEN_FILE)
            .overrides(Map.of("bootstrap.servers", "flag:9092"))
            .build();
    // then
    assertThat(config.bootstrapServers()).isEqualTo("flag:9092");
    assertThat(config.sourceOf("bootstrap.servers")).contains("override");
    assertThat(config.httpPort()).isEqualTo(3333);
    assertThat(config.sourceOf("baton.http.port")).contains("environment variable BATON_HTTP_PORT");
    assertThat(config.applicationId()).isEqualTo("from-file");
    assertThat(config.sourceOf("application.id")).contains("file " + DEFAULT_FILE);
    assertThat(config.engineConfig().maxTasks()).isEqualTo(50);
    assertThat(config.streamsProperties().getProperty("linger.ms")).isEqualTo("5");
  }

  @Test
  void shouldSkipNullOverridesAsNotGiven() {
    // given
    Map<String, String> flags = new HashMap<>();
    flags.put("application.id", null);
    // when
    BatonConfig config = builder().overrides(flags).build();
    // then
    assertThat(config.applicationId()).isEqualTo("baton");
  }

  @Test
  void shouldMapEnvironmentVariablesToBatonSettingsWithoutTheirPrefix() {
    // given
    env.put("BATON_HTTP_PORT", "9000");
    env.put("BATON_MAX_RECORD_BYTES", "1024");
    env.put("BATON_TOPIC_TASK_RESULTS", "prod.results");
    env.put("BATON_HTTP_BIND_ADDRESS", "0.0.0.0");
    env.put("BATON_WORKER_THREADS", "16");
    // when
    BatonConfig config = load();
    // then
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.maxRecordBytes()).isEqualTo(1024);
    assertThat(config.topics().taskResults()).isEqualTo("prod.results");
    assertThat(config.httpBindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.workerThreads()).isEqualTo(16);
  }

  @Test
  void shouldMapOtherEnvironmentVariablesToKafkaSettings() {
    // given
    env.put("BATON_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092");
    env.put("BATON_APPLICATION_ID", "baton-prod");
    env.put("BATON_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("BATON_SASL_JAAS_CONFIG", "org.example.Login required;");
    env.put("BATON_CONSUMER_MAX_POLL_RECORDS", "50");
    // when
    BatonConfig config = load();
    // then
    Properties streams = config.streamsProperties();
    assertThat(streams.getProperty("bootstrap.servers")).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(streams.getProperty("application.id")).isEqualTo("baton-prod");
    assertThat(streams.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(streams.getProperty("sasl.jaas.config")).isEqualTo("org.example.Login required;");
    assertThat(streams.getProperty("consumer.max.poll.records")).isEqualTo("50");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void shouldRejectBatonPrefixedVariablesNamingTheOneToUse() {
    // given
    env.put("BATON_BATON_HTTP_PORT", "9000");
    // when / then
    assertThatThrownBy(this::load)
        .isInstanceOf(BatonConfigException.class)
        .hasMessageContaining("BATON_BATON_HTTP_PORT")
        .hasMessageContaining("use BATON_HTTP_PORT");
  }

  @Test
  void shouldIgnoreUnknownVariablesWithAWarningAndReservedOnesSilently() {
    // given
    env.put("BATON_BOOTSTRAP_SERVRS", "typo:9092");
    env.put("BATON_HOME", "/opt/baton");
    env.put("BATON_INPUT", "{\"x\":1}");
    env.put("PATH", "/usr/bin");
    // when
    BatonConfig config = load();
    // then
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.warnings())
        .singleElement()
        .asString()
        .contains("BATON_BOOTSTRAP_SERVRS")
        .contains("bootstrap.servrs");
    assertThat(config.streamsProperties()).doesNotContainKeys("home", "input", "path");
  }

  @Test
  void shouldPassEveryNonBatonSettingThroughUntouched() {
    // given
    files.put(
        DEFAULT_FILE,
        "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\"p\";\nssl.truststore.location=/etc/ts.jks\n"
            + "my.interceptor.setting=42\n");
    // when
    BatonConfig config = load();
    // then
    for (Properties props :
        new Properties[] {config.streamsProperties(), config.clientProperties()}) {
      assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
      assertThat(props.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
      assertThat(props.getProperty("sasl.jaas.config")).endsWith("username=\"u\" password=\"p\";");
      assertThat(props.getProperty("ssl.truststore.location")).isEqualTo("/etc/ts.jks");
      assertThat(props.getProperty("my.interceptor.setting")).isEqualTo("42");
      assertThat(props.stringPropertyNames()).noneMatch(key -> key.startsWith("baton."));
    }
  }

  @Test
  void shouldLeaveStreamsOnlySettingsOutOfTheClientProperties() {
    // given
    files.put(
        DEFAULT_FILE,
        "commit.interval.ms=50\nnum.stream.threads=2\n"
            + "consumer.max.poll.records=10\nproducer.linger.ms=3\ntopic.retention.ms=1\n"
            + "client.id=baton-1\nrequest.timeout.ms=9000\n");
    // when
    Properties client = load().clientProperties();
    // then
    assertThat(client)
        .doesNotContainKeys(
            "application.id",
            "state.dir",
            "processing.guarantee",
            "commit.interval.ms",
            "num.stream.threads",
            "consumer.max.poll.records",
            "producer.linger.ms",
            "topic.retention.ms");
    assertThat(client.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    assertThat(client.getProperty("client.id")).isEqualTo("baton-1");
    assertThat(client.getProperty("request.timeout.ms")).isEqualTo("9000");
  }

  @Test
  void shouldRejectAnUnknownBatonSettingNamingItsSource() {
    // given
    files.put(DEFAULT_FILE, "baton.htpp.port=1\n");
    // when / then
    assertThatThrownBy(this::load)
        .isInstanceOf(BatonConfigException.class)
        .hasMessageContaining("Unknown Baton setting baton.htpp.port")
        .hasMessageContaining("file " + DEFAULT_FILE)
        .hasMessageContaining("baton.http.port");
  }

  @Test
  void shouldRejectAMalformedNumberNamingTheSettingAndItsSource() {
    // given
    env.put("BATON_HTTP_PORT", "eighty");
    // when / then
    assertThatThrownBy(this::load)
        .isInstanceOf(BatonConfigException.class)
        .hasMessage(
            "Setting baton.http.port must be a whole number, got 'eighty'"
                + " (from environment variable BATON_HTTP_PORT)");
  }

  @Test
  void shouldRejectANumberOutOfRange() {
    // when / then
    assertThatThrownBy(() -> builder().override("baton.http.port", "70000").build())
        .isInstanceOf(BatonConfigException.class)
        .hasMessage(
            "Setting baton.http.port must be between 0 and 65535, got 70000 (from override)");
  }

  @Test
  void shouldRejectTwoSettingsNamingTheSameTopic() {
    // when / then
    assertThatThrownBy(() -> builder().override("baton.topic.status", "baton.commands").build())
        .isInstanceOf(BatonConfigException.class)
        .hasMessageContaining("baton.topic.commands and baton.topic.status");
  }

  @Test
  void shouldRequireTheGivenConfigFileToExist() {
    // when / then
    assertThatThrownBy(() -> builder().configFile(GIVEN_FILE).build())
        .isInstanceOf(BatonConfigException.class)
        .hasMessage("Config file " + GIVEN_FILE + " does not exist");
  }

  @Test
  void shouldReportAnUnreadableFile() {
    // when / then
    assertThatThrownBy(
            () ->
                BatonConfig.builder()
                    .environment(env)
                    .fileReader(
                        file -> {
                          throw new IOException("permission denied");
                        })
                    .build())
        .isInstanceOf(BatonConfigException.class)
        .hasMessageContaining("Cannot read config file " + DEFAULT_FILE)
        .hasMessageContaining("permission denied");
  }

  @Test
  void shouldReadTheShellAllowListFromFilesOnly() {
    // given
    files.put(
        DEFAULT_FILE, "baton.worker.shell.Build=make build\nbaton.worker.shell.Test=make test\n");
    env.put("BATON_WORKER_SHELL_DEPLOY", "rm -rf /");
    // when
    BatonConfig config = load();
    // then
    assertThat(config.workerShellCommands())
        .containsExactly(Map.entry("Build", "make build"), Map.entry("Test", "make test"));
    assertThat(config.warnings()).singleElement().asString().contains("BATON_WORKER_SHELL_DEPLOY");
  }

  @Test
  void shouldMaskSecretsWhenDescribed() {
    // given
    files.put(DEFAULT_FILE, "sasl.jaas.config=secret-stuff\nssl.key.password=hunter2\n");
    // when
    String description = load().describe();
    // then
    assertThat(description)
        .doesNotContain("secret-stuff")
        .doesNotContain("hunter2")
        .contains("sasl.jaas.config = ********")
        .contains("bootstrap.servers = 127.0.0.1:9092");
  }

  @Test
  void shouldShipAConfigFileThatRepeatsTheBuiltInDefaults() {
    // given: the real config/baton.properties (surefire runs in the project directory)
    BatonConfig shipped =
        BatonConfig.builder()
            .environment(Map.of())
            .defaultFile(null)
            .configFile(DEFAULT_FILE)
            .build();
    // then
    assertThat(shipped.describe().replace("(file " + DEFAULT_FILE + ")", "(built-in default)"))
        .isEqualTo(
            BatonConfig.builder().environment(Map.of()).defaultFile(null).build().describe());
  }
}
