package dev.baton.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.baton.engine.state.IndexHead;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the parts, over the production classes of every module. Maven's module
 * dependencies keep most of them already; these rules also hold where a library comes in
 * transitively (Jackson reaches the engine's classpath through the protocol module, Kafka's broker
 * reaches the CLI's) and say in one place what may use what.
 */
class ArchitectureTest {

  private static JavaClasses baton;

  @BeforeAll
  static void importClasses() {
    baton =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // test jars (baton-protocol's ContractSchemas) are tests too, wherever they come from
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.baton");
  }

  @Test
  void shouldImportEveryModule() {
    // A rule over no classes passes; make sure each part is really there.
    for (String pkg :
        new String[] {
          "dev.baton.protocol",
          "dev.baton.domain",
          "dev.baton.engine",
          "dev.baton.topology",
          "dev.baton.server",
          "dev.baton.worker",
          "dev.baton.devbroker",
          "dev.baton.cli"
        }) {
      org.assertj.core.api.Assertions.assertThat(baton.containPackage(pkg)).as(pkg).isTrue();
    }
  }

  @Test
  void shouldKeepTheDomainAndEngineFreeOfKafkaAndJackson() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.baton.domain..", "dev.baton.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "com.fasterxml.jackson..", "org.slf4j..")
        .check(baton);
  }

  @Test
  void shouldKeepTheMetricsLibraryInTheServerPackage() {
    // The topology reports through EngineListener; only dev.baton.server knows Micrometer.
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.baton.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micrometer..", "io.prometheus..")
        .check(baton);
  }

  @Test
  void shouldKeepTheDomainAndEngineOffTheServerSide() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.baton.domain..", "dev.baton.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.baton.topology..",
            "dev.baton.server..",
            "dev.baton.config..",
            "dev.baton.admin..",
            "dev.baton.worker..",
            "dev.baton.cli..",
            "dev.baton.devbroker..",
            "dev.baton.bench..")
        .check(baton);
  }

  @Test
  void shouldLetOnlyTheApplierAndTheStateLayerChangeInstancesAndTasks() {
    // Handlers decide and queries read; replaying the events must rebuild the state, so nothing
    // but the applier (and the state layer's own bookkeeping) may write a header or a task. The
    // state codec builds them from their stored bytes: it decodes what the applier wrote.
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.baton.engine.state..")
        .and()
        .doNotHaveFullyQualifiedName("dev.baton.engine.EventApplier")
        .and()
        .doNotHaveFullyQualifiedName("dev.baton.topology.StateCodec")
        .should()
        .setFieldWhere(
            DescribedPredicate.describe(
                "the target is a field of InstanceState, TaskState or IndexHead",
                (JavaFieldAccess access) ->
                    access.getTargetOwner().isEquivalentTo(InstanceState.class)
                        || access.getTargetOwner().isEquivalentTo(TaskState.class)
                        || access.getTargetOwner().isEquivalentTo(IndexHead.class)))
        .check(baton);
  }

  @Test
  void shouldKeepTheProtocolFreeOfEverythingButJackson() {
    classes()
        .that()
        .resideInAPackage("dev.baton.protocol..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.baton.protocol..", "java..", "com.fasterxml.jackson..")
        .check(baton);
  }

  @Test
  void shouldLetTheWorkerReachOnlyTheProtocolAndKafkaClients() {
    classes()
        .that()
        .resideInAPackage("dev.baton.worker..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.baton.worker..",
            "dev.baton.protocol..",
            "java..",
            "org.apache.kafka.clients..",
            "org.apache.kafka.common..",
            "com.fasterxml.jackson..",
            "org.slf4j..")
        .check(baton);
  }

  @Test
  void shouldLetOnlyTheCommandLineAndTheBenchmarkReachTheDevelopmentBroker() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.baton.devbroker..", "dev.baton.cli..", "dev.baton.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.baton.devbroker..")
        .check(baton);
  }

  @Test
  void shouldKeepTheServerOffTheCommandLineWorkerAndBroker() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.baton.topology..", "dev.baton.server..", "dev.baton.config..", "dev.baton.admin..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.baton.cli..",
            "dev.baton.worker..",
            "dev.baton.devbroker..",
            "dev.baton.bench..",
            "kafka..",
            "org.apache.kafka.server..",
            "scala..")
        .check(baton);
  }

  @Test
  void shouldKeepTheBenchmarkOutOfTheProduct() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.baton.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.baton.bench..")
        .check(baton);
  }
}
