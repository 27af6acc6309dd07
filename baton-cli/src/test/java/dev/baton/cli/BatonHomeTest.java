package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.config.BatonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatonHomeTest {

  @TempDir Path home;

  @TempDir Path elsewhere;

  @Test
  void shouldFindTheConfigurationOfTheBatonHomeFromAnyDirectory() throws IOException {
    // given: a Baton home with config/baton.properties, and a working directory without one
    Path file = write(home.resolve("config/baton.properties"), "baton.http.port=9123\n");

    // when
    Path found = BatonHome.configFile(elsewhere, Map.of(BatonHome.ENV, home.toString()));

    // then
    assertThat(found).isEqualTo(file);
    BatonConfig config = BatonConfig.builder().environment(Map.of()).defaultFile(found).build();
    assertThat(config.httpPort()).isEqualTo(9123);
  }

  @Test
  void shouldPreferTheConfigurationOfTheWorkingDirectory() throws IOException {
    // given
    write(home.resolve("config/baton.properties"), "baton.http.port=9123\n");
    Path local = write(elsewhere.resolve("config/baton.properties"), "baton.http.port=9124\n");

    // when
    Path found = BatonHome.configFile(elsewhere, Map.of(BatonHome.ENV, home.toString()));

    // then
    assertThat(found).isEqualTo(local);
  }

  @Test
  void shouldFallBackToTheWorkingDirectorysPathWhenThereIsNoFileAnywhere() {
    // given: a config/ directory without the file does not count
    Path found = BatonHome.configFile(elsewhere, Map.of(BatonHome.ENV, home.toString()));

    // then: an absent file, which the configuration skips
    assertThat(found).isEqualTo(elsewhere.resolve("config/baton.properties"));
    assertThat(Files.exists(found)).isFalse();
    assertThat(BatonConfig.builder().environment(Map.of()).defaultFile(found).build().httpPort())
        .isEqualTo(8080);
  }

  @Test
  void shouldFindShippedDirectoriesUnderTheHomeToo() throws IOException {
    // given
    Files.createDirectories(home.resolve("examples"));

    // then
    assertThat(BatonHome.directory(elsewhere, Map.of(BatonHome.ENV, home.toString()), "examples"))
        .contains(home.resolve("examples"));
    assertThat(BatonHome.directory(elsewhere, Map.of(), "examples")).isEmpty();
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
