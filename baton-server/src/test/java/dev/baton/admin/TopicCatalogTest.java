package dev.baton.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopicCatalogTest {

  /** Surefire runs tests from the project directory. */
  private static final Path SHIPPED_TOPICS = Path.of("topics");

  @TempDir Path dir;

  @Test
  void shippedTopicFilesAgreeWithDefaults() {
    assertThat(TopicCatalog.load(SHIPPED_TOPICS))
        .containsExactlyInAnyOrderElementsOf(TopicCatalog.defaults());
  }

  @Test
  void shippedTopicFilesAreNamedAfterTheirTopic() throws IOException {
    try (Stream<Path> files = Files.list(SHIPPED_TOPICS)) {
      final List<String> fileNames =
          files
              .map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith(".properties"))
              .toList();
      assertThat(fileNames)
          .containsExactlyInAnyOrderElementsOf(
              TopicCatalog.defaults().stream().map(spec -> spec.name() + ".properties").toList());
    }
  }

  @Test
  void defaultsDeclareTheContractTopics() {
    final Map<String, TopicSpec> byName =
        TopicCatalog.defaults().stream()
            .collect(java.util.stream.Collectors.toMap(TopicSpec::name, spec -> spec));

    assertThat(byName)
        .containsOnlyKeys(
            "baton.commands",
            "baton.task-results",
            "baton.task-dispatch",
            "baton.status",
            "baton.metrics",
            "baton.dead-letter",
            // the DefinitionMetrics sub-topology's repartition topic, Baton's own
            "baton.commands.definition-facts");
    assertThat(byName.get("baton.commands").partitions())
        .as("input topics are co-partitioned")
        .isEqualTo(byName.get("baton.task-results").partitions())
        .isEqualTo(6);
    assertThat(byName.get("baton.metrics").configs()).containsEntry("cleanup.policy", "compact");
    assertThat(byName.get("baton.dead-letter").configs())
        .containsEntry("retention.ms", "1209600000");
    assertThat(byName.get("baton.status").configs()).containsEntry("retention.ms", "604800000");
    assertThat(byName.get("baton.task-dispatch").configs())
        .containsEntry("retention.ms", "604800000");
    assertThat(byName.get("baton.commands.definition-facts").partitions()).isEqualTo(6);
  }

  @Test
  void parsesEveryKey() throws IOException {
    write(
        "orders.properties",
        """
            # a comment
            name = orders
            partitions = 3
            replication.factor = 2
            config.cleanup.policy = compact,delete
            config.retention.ms=86400000
            """);

    assertThat(TopicCatalog.load(dir))
        .containsExactly(
            new TopicSpec(
                "orders",
                3,
                (short) 2,
                Map.of("cleanup.policy", "compact,delete", "retention.ms", "86400000")));
  }

  @Test
  void defaultReplicationDefersToTheBroker() throws IOException {
    write("a.properties", "name=a\npartitions=1\nreplication.factor=default\n");

    final TopicSpec spec = TopicCatalog.load(dir).get(0);

    assertThat(spec.usesBrokerDefaultReplication()).isTrue();
    assertThat(spec.replicationFactor()).isEqualTo(TopicSpec.BROKER_DEFAULT_REPLICATION);
  }

  @Test
  void readsOnlyPropertiesFilesInFileNameOrder() throws IOException {
    write("b.properties", "name=second\npartitions=1\nreplication.factor=1\n");
    write("a.properties", "name=first\npartitions=1\nreplication.factor=1\n");
    write("README.md", "not a topic");
    write("notes.properties.bak", "name=ignored");

    assertThat(TopicCatalog.load(dir))
        .extracting(TopicSpec::name)
        .containsExactly("first", "second");
  }

  static Stream<Arguments> malformedFiles() {
    return Stream.of(
        Arguments.of("partitions=1\nreplication.factor=1\n", "missing key 'name'"),
        Arguments.of("name=t\nreplication.factor=1\n", "missing key 'partitions'"),
        Arguments.of("name=t\npartitions=1\n", "missing key 'replication.factor'"),
        Arguments.of(
            "name=\npartitions=1\nreplication.factor=1\n", "key 'name' has an empty value"),
        Arguments.of(
            "name=t\npartitions=six\nreplication.factor=1\n",
            "partitions must be a whole number, got 'six'"),
        Arguments.of(
            "name=t\npartitions=0\nreplication.factor=1\n",
            "partitions of topic t must be at least 1, got 0"),
        Arguments.of(
            "name=t\npartitions=1\nreplication.factor=0\n",
            "replication.factor must be at least 1"),
        Arguments.of(
            "name=t\npartitions=1\nreplication.factor=three\n",
            "replication.factor must be a whole number or 'default', got 'three'"),
        Arguments.of(
            "name=t\npartition=1\npartitions=1\nreplication.factor=1\n", "unknown key [partition]"),
        Arguments.of(
            "name=t\nname=u\npartitions=1\nreplication.factor=1\n", "key 'name' appears twice"),
        Arguments.of(
            "name=t\npartitions=1\nreplication.factor=1\nconfig.retention.ms=\n",
            "config retention.ms of topic t has an empty value"),
        Arguments.of(
            "name=t\npartitions=1\nreplication.factor=1\nconfig.=1\n",
            "key 'config.' names no topic config"),
        Arguments.of(
            "name=baton commands\npartitions=1\nreplication.factor=1\n",
            "illegal topic name 'baton commands'"),
        Arguments.of("name=t\\uZZZZ\npartitions=1\nreplication.factor=1\n", "Malformed"));
  }

  @ParameterizedTest
  @MethodSource("malformedFiles")
  void rejectsMalformedFilesNamingFileAndProblem(final String content, final String problem)
      throws IOException {
    final Path file = write("bad.properties", content);

    assertThatThrownBy(() -> TopicCatalog.load(dir))
        .isInstanceOf(TopicCatalogException.class)
        .hasMessageContaining("Malformed topic file " + file)
        .hasMessageContaining(problem);
  }

  @Test
  void rejectsOneTopicDeclaredInTwoFiles() throws IOException {
    final Path first = write("a.properties", "name=t\npartitions=1\nreplication.factor=1\n");
    final Path second = write("b.properties", "name=t\npartitions=2\nreplication.factor=1\n");

    assertThatThrownBy(() -> TopicCatalog.load(dir))
        .isInstanceOf(TopicCatalogException.class)
        .hasMessage("Topic t is declared twice: in " + first + " and in " + second);
  }

  @Test
  void rejectsAMissingDirectory() {
    final Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> TopicCatalog.load(missing))
        .isInstanceOf(TopicCatalogException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void rejectsADirectoryWithoutTopicFiles() throws IOException {
    write("README.md", "# topics");

    assertThatThrownBy(() -> TopicCatalog.load(dir))
        .isInstanceOf(TopicCatalogException.class)
        .hasMessageContaining("has no *.properties topic file");
  }

  @Test
  void specConfigsAreSortedAndUnmodifiable() {
    final TopicSpec spec = new TopicSpec("t", 1, (short) 1, Map.of("z", "1", "a", "2"));

    assertThat(spec.configs().keySet()).containsExactly("a", "z");
    assertThatThrownBy(() -> spec.configs().put("b", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(spec.withName("u"))
        .isEqualTo(new TopicSpec("u", 1, (short) 1, Map.of("a", "2", "z", "1")));
  }

  @Test
  void reportSummaryListsBothKinds() {
    assertThat(new ProvisionReport(List.of("a", "b"), List.of("c")).summary())
        .isEqualTo("created 2 topics (a, b); 1 already existed (c)");
    assertThat(new ProvisionReport(List.of(), List.of()).summary())
        .isEqualTo("created 0 topics; 0 already existed");
  }

  private Path write(final String fileName, final String content) throws IOException {
    return Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8);
  }
}
