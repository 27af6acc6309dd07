package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.admin.TopicCatalog;
import dev.baton.admin.TopicSpec;
import dev.baton.protocol.TopicNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsCreateCommandTest {

  @Test
  void shouldCreateTopicsUnderTheConfiguredNames() {
    // given
    TopicNames names =
        new TopicNames(
            "prod.commands",
            "prod.results",
            "prod.dispatch",
            "prod.status",
            "prod.metrics",
            "prod.dead");

    // when
    List<TopicSpec> specs = TopicsCreateCommand.renamed(TopicCatalog.defaults(), names);

    // then
    assertThat(specs)
        .extracting(TopicSpec::name)
        .containsExactly(
            "prod.commands",
            "prod.results",
            "prod.dispatch",
            "prod.status",
            "prod.metrics",
            "prod.dead",
            "prod.commands.definition-facts");
    assertThat(specs.get(4).configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void shouldKeepTheDeclaredNamesByDefault() {
    List<TopicSpec> specs =
        TopicsCreateCommand.renamed(TopicCatalog.defaults(), TopicNames.DEFAULTS);

    assertThat(specs).isEqualTo(TopicCatalog.defaults());
  }

  @Test
  void shouldRefuseAPartitionCountBelowOne() {
    CliRun run = CliRun.of("topics", "create", "--partitions", "0");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("--partitions");
  }
}
