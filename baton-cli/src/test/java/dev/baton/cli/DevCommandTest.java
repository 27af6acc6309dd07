package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.config.BatonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DevCommandTest {

  @TempDir Path dir;

  @Test
  void shouldTakeTheHttpPortFromTheConfigFileWhenTheFlagIsNotGiven() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("dev.properties"), "baton.http.port=9300\n");

    // when
    BatonConfig config = settings(Map.of(), "--config", file.toString());

    // then
    assertThat(config.httpPort()).isEqualTo(9300);
  }

  @Test
  void shouldTakeTheHttpPortFromTheEnvironmentWhenTheFlagIsNotGiven() {
    // when
    BatonConfig config = settings(Map.of("BATON_HTTP_PORT", "9301"));

    // then
    assertThat(config.httpPort()).isEqualTo(9301);
  }

  @Test
  void shouldLetTheFlagWinWhenItIsGiven() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("dev.properties"), "baton.http.port=9300\n");

    // when
    BatonConfig config =
        settings(
            Map.of("BATON_HTTP_PORT", "9301"), "--config", file.toString(), "--http-port", "9302");

    // then
    assertThat(config.httpPort()).isEqualTo(9302);
  }

  @Test
  void shouldKeepTheBuiltInPortWithoutFlagOrSetting() {
    assertThat(settings(Map.of()).httpPort()).isEqualTo(8080);
  }

  private static BatonConfig settings(Map<String, String> env, String... args) {
    DevCommand dev = new DevCommand();
    new CommandLine(dev).parseArgs(args);
    return dev.settings().environment(env).build();
  }
}
