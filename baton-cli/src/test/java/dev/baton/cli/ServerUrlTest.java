package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.config.BatonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerUrlTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:8080, http://127.0.0.1:8080",
    "localhost, http://localhost:9000",
    "baton-1.internal:80, http://baton-1.internal:80",
    "http://127.0.0.1:8080/, http://127.0.0.1:8080",
    "http://baton, http://baton",
    "https://baton.example.com/api//, https://baton.example.com/api",
    "HTTP://Host:1, http://Host:1",
    "[::1]:8080, http://[::1]:8080",
  })
  void shouldTakeAUrlOrAHostAndPort(String given, String expected) {
    assertThat(ServerUrl.parse(given, 9000)).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ftp://host:21",
        "http://",
        "http://h:8080?x=1",
        "host:port:x",
        "localhost:99999",
        "localhost:0",
        "http://h:65536"
      })
  void shouldRefuseWhatIsNoServerAddressAsBadInput(String given) {
    assertThatThrownBy(() -> ServerUrl.parse(given, 8080))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_INPUT))
        .hasMessageContaining("is not a server address")
        .hasMessageContaining("HOST:PORT");
  }

  @Test
  void shouldFindTheServerOfTheConfiguration() {
    assertThat(ServerUrl.fromConfig(config(Map.of()))).hasToString("http://127.0.0.1:8080");
    assertThat(ServerUrl.fromConfig(config(Map.of(BatonConfig.HTTP_PORT, "9001"))))
        .hasToString("http://127.0.0.1:9001");
    assertThat(
            ServerUrl.fromConfig(
                config(
                    Map.of(
                        BatonConfig.HTTP_BIND_ADDRESS, "10.1.2.3", BatonConfig.HTTP_PORT, "81"))))
        .hasToString("http://10.1.2.3:81");
    assertThat(ServerUrl.fromConfig(config(Map.of(BatonConfig.HTTP_BIND_ADDRESS, "::1"))))
        .hasToString("http://[::1]:8080");
  }

  @Test
  void shouldReachAServerBoundToEveryInterfaceOnTheLoopbackOrItsAdvertisedHost() {
    assertThat(ServerUrl.fromConfig(config(Map.of(BatonConfig.HTTP_BIND_ADDRESS, "0.0.0.0"))))
        .hasToString("http://127.0.0.1:8080");
    assertThat(
            ServerUrl.fromConfig(
                config(
                    Map.of(
                        BatonConfig.HTTP_BIND_ADDRESS,
                        "0.0.0.0",
                        BatonConfig.HTTP_ADVERTISED_HOST,
                        "baton-1"))))
        .hasToString("http://baton-1:8080");
  }

  @Test
  void shouldAskForAnAddressWhenTheConfiguredPortIsAnyFreeOne() {
    assertThatThrownBy(() -> ServerUrl.fromConfig(config(Map.of(BatonConfig.HTTP_PORT, "0"))))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_INPUT))
        .hasMessageContaining("baton.http.port is 0")
        .hasMessageContaining("--server");
  }

  @Test
  void shouldUseTheFlagOverTheConfiguration() {
    assertThat(ServerUrl.resolve("h:1", config(Map.of(BatonConfig.HTTP_PORT, "9001"))))
        .hasToString("http://h:1");
    assertThat(ServerUrl.resolve("h", config(Map.of(BatonConfig.HTTP_PORT, "9001"))))
        .hasToString("http://h:9001");
  }

  @Test
  @Timeout(20)
  void shouldLetStatusTakeAHostAndPortWithoutScheme() {
    // when: nothing listens on port 1
    CliRun run = CliRun.of("status", "some-instance", "--server", "127.0.0.1:1");

    // then: the address is understood, and the server is unreachable
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("cannot reach the Baton server at http://127.0.0.1:1")
        .doesNotContain("URISyntaxException");
  }

  @Test
  @Timeout(20)
  void shouldSayAHostIsUnknownRatherThanRefusingTheConnection() {
    CliRun run = CliRun.of("status", "some-instance", "--server", "notahost.invalid:8080");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("unknown host notahost.invalid")
        .doesNotContain("connection refused");
  }

  @Test
  @Timeout(20)
  void shouldTakeAPortOutOfRangeAsBadInput() {
    CliRun run = CliRun.of("list", "--server", "localhost:99999");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).anySatisfy(line -> assertThat(line).contains("1 to 65535"));
  }

  @Test
  @Timeout(20)
  void shouldLetStatusFindTheServerInTheConfiguration() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("c.properties"), "baton.http.port=1\n");

    // when
    CliRun run = CliRun.of("status", "some-instance", "--config", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("cannot reach the Baton server at http://127.0.0.1:1");
  }

  private static BatonConfig config(Map<String, String> settings) {
    return BatonConfig.builder()
        .environment(Map.of())
        .defaultFile(null)
        .overrides(settings)
        .build();
  }
}
