package dev.baton.engine;

import static dev.baton.engine.EngineFixture.task;
import static dev.baton.engine.EngineFixture.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.output.WorkflowMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private final EngineFixture f = new EngineFixture();

  /** The contract's deployment workflow: build(10 s) -> test(20 s) -> deploy(15 s). */
  private static WorkflowDefinition deployment() {
    return WorkflowDefinition.of(
        "deploy-workflow",
        List.of(
            TaskDefinition.of("build", 10_000),
            TaskDefinition.of("test", 20_000, "build"),
            TaskDefinition.of("deploy", 15_000, "test")));
  }

  /** a(10 s) then b(20 s). */
  private static WorkflowDefinition twoSteps() {
    return workflow(task("a", 10_000), task("b", 20_000, "a"));
  }

  private WorkflowMetrics metricsAt(long now) {
    return f.queries().metrics("i-1", now).orElseThrow();
  }

  @Test
  void shouldReportMetricsOfAnEmptyWorkflow() {
    // when
    WorkflowMetrics created = f.create("i-1", workflow()).metrics();
    WorkflowMetrics started = f.start("i-1").metrics();

    // then
    assertThat(created.totalTasks()).isZero();
    assertThat(created.status()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(created.progress()).isEqualTo(0.0);
    assertThat(created.successRate()).isEqualTo(1.0);
    assertThat(created.estimatedTimeRemainingMs()).isZero();
    assertThat(created.actualDurationMs()).isNull();
    assertThat(created.criticalPath()).isEmpty();
    assertThat(started.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(started.progress()).isEqualTo(1.0);
    assertThat(started.actualDurationMs()).isZero();
  }

  @Test
  void shouldReportMetricsOfARunningWorkflowAsTheContractExampleShows() {
    // given
    long start = f.now;
    f.create("i-1", deployment());
    f.start("i-1");
    f.now = start + 12_000;

    // when
    WorkflowMetrics metrics = f.complete("i-1", "build", 1).metrics();

    // then
    assertThat(metrics)
        .isEqualTo(
            new WorkflowMetrics(
                "i-1",
                "deploy-workflow",
                WorkflowStatus.RUNNING,
                3,
                1,
                0,
                1,
                1,
                0,
                1.0,
                0.3333,
                35_000,
                12_000L,
                List.of("test", "deploy"),
                start + 12_000));
  }

  @Test
  void shouldReportMetricsOfACompletedWorkflow() {
    // given
    f.create("i-1", deployment());
    f.start("i-1");
    f.complete("i-1", "build", 1);
    f.complete("i-1", "test", 1);

    // when
    WorkflowMetrics metrics = f.complete("i-1", "deploy", 1).metrics();

    // then
    assertThat(metrics.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(metrics.completedTasks()).isEqualTo(3);
    assertThat(metrics.runningTasks()).isZero();
    assertThat(metrics.pendingTasks()).isZero();
    assertThat(metrics.progress()).isEqualTo(1.0);
    assertThat(metrics.successRate()).isEqualTo(1.0);
    assertThat(metrics.estimatedTimeRemainingMs()).isZero();
    assertThat(metrics.criticalPath()).isEmpty();
  }

  @Test
  void shouldReportMetricsOfAPendingWorkflowFromItsPlan() {
    // when
    WorkflowMetrics metrics = f.create("i-1", deployment()).metrics();

    // then
    assertThat(metrics.pendingTasks()).isEqualTo(3);
    assertThat(metrics.estimatedTimeRemainingMs()).isEqualTo(45_000);
    assertThat(metrics.criticalPath()).containsExactly("build", "test", "deploy");
  }

  @Test
  void shouldComputeTheSuccessRateFromCompletedAndFailedTasks() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1), task("c", 1)));
    f.start("i-1");
    f.complete("i-1", "a", 1);

    // when
    WorkflowMetrics metrics = f.fail("i-1", "b", 1, "boom").metrics();

    // then
    assertThat(metrics.successRate()).isEqualTo(0.5);
  }

  @Test
  void shouldRoundTheSuccessRateToFourDecimals() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1), task("c", 1)));
    f.start("i-1");
    f.complete("i-1", "a", 1);
    f.complete("i-1", "b", 1);

    // when
    WorkflowMetrics metrics = f.fail("i-1", "c", 1, "boom").metrics();

    // then
    assertThat(metrics.successRate()).isEqualTo(0.6667);
  }

  @Test
  void shouldNotCountATaskThatSucceededOnARetryAsFailed() {
    // given
    f.create("i-1", workflow(task("a", 1)).withMaxRetries(1));
    f.start("i-1");
    f.fail("i-1", "a", 1, "flaky");

    // when
    WorkflowMetrics metrics = f.complete("i-1", "a", 2).metrics();

    // then
    assertThat(metrics.failedTasks()).isZero();
    assertThat(metrics.retries()).isEqualTo(1);
    assertThat(metrics.successRate()).isEqualTo(1.0);
  }

  @Test
  void shouldEstimateTheTimeRemainingOfARunningGroupsWorkflow() {
    // given
    long start = f.now;
    f.create("i-1", twoSteps());
    f.start("i-1");

    // when
    WorkflowMetrics metrics = metricsAt(start + 4_000);

    // then: 6 s left of a, then all of b
    assertThat(metrics.estimatedTimeRemainingMs()).isEqualTo(6_000 + 20_000);
  }

  @Test
  void shouldEstimateTheTimeRemainingOfARunningEagerWorkflowAlongTheLongestChain() {
    // given
    long start = f.now;
    f.create(
        "i-1",
        workflow(task("a", 10_000), task("b", 20_000, "a"), task("c", 5_000))
            .withScheduling(Scheduling.EAGER));
    f.start("i-1");

    // when
    WorkflowMetrics metrics = metricsAt(start + 4_000);

    // then
    assertThat(metrics.estimatedTimeRemainingMs()).isEqualTo(6_000 + 20_000);
  }

  @Test
  void shouldEstimateTheTimeRemainingOfASequentialWorkflowAsWhatIsLeftOfEveryTask() {
    // given
    long start = f.now;
    f.create("i-1", workflow(task("a", 10_000), task("b", 20_000)).withAllowParallel(false));
    f.start("i-1");

    // when
    WorkflowMetrics metrics = metricsAt(start + 4_000);

    // then
    assertThat(metrics.estimatedTimeRemainingMs()).isEqualTo(6_000 + 20_000);
  }

  @Test
  void shouldCountAnOverdueRunningTaskAsNothingLeft() {
    // given
    long start = f.now;
    f.create("i-1", twoSteps());
    f.start("i-1");

    // when
    WorkflowMetrics metrics = metricsAt(start + 15_000);

    // then
    assertThat(metrics.estimatedTimeRemainingMs()).isEqualTo(20_000);
  }

  @Test
  void shouldMeasureTheActualDurationFromStartToEnd() {
    // given
    long start = f.now;
    f.create("i-1", twoSteps());
    assertThat(metricsAt(start).actualDurationMs()).isNull();
    f.start("i-1");
    f.now = start + 12_000;
    f.complete("i-1", "a", 1);
    assertThat(metricsAt(start + 15_000).actualDurationMs()).isEqualTo(15_000);

    // when
    f.now = start + 30_000;
    f.complete("i-1", "b", 1);

    // then
    assertThat(metricsAt(start + 99_000).actualDurationMs()).isEqualTo(30_000);
  }

  @Test
  void shouldIncludePausedTimeInTheActualDuration() {
    // given
    long start = f.now;
    f.create("i-1", twoSteps());
    f.start("i-1");
    f.now = start + 1_000;
    f.pause("i-1");

    // when
    f.now = start + 9_000;
    WorkflowMetrics metrics = f.resume("i-1").metrics();

    // then
    assertThat(metrics.actualDurationMs()).isEqualTo(9_000);
  }

  @Test
  void shouldCountRunningTasks() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1), task("c", 1), task("d", 1, "a")));

    // when
    WorkflowMetrics started = f.start("i-1").metrics();
    WorkflowMetrics afterA = f.complete("i-1", "a", 1).metrics();

    // then
    assertThat(started.runningTasks()).isEqualTo(3);
    assertThat(started.pendingTasks()).isEqualTo(1);
    assertThat(afterA.runningTasks()).isEqualTo(2);
    assertThat(afterA.pendingTasks()).isEqualTo(1);
  }

  @Test
  void shouldCountFailedTasks() {
    // given
    f.create("i-1", workflow(task("a", 1), task("b", 1)).withMaxRetries(1));
    f.start("i-1");
    WorkflowMetrics retried = f.fail("i-1", "a", 1, "flaky").metrics();

    // when
    WorkflowMetrics failed = f.fail("i-1", "a", 2, "flaky").metrics();

    // then
    assertThat(retried.failedTasks()).isZero();
    assertThat(failed.failedTasks()).isEqualTo(1);
    assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(failed.runningTasks()).isZero();
  }

  @Test
  void shouldListTheCriticalPathOfWhatIsLeft() {
    // given: a(10) -> b(50) -> d(5) and a -> c(20) -> d, beside e(30)
    f.create(
        "i-1",
        workflow(
                task("a", 10),
                task("b", 50, "a"),
                task("c", 20, "a"),
                task("d", 5, "b", "c"),
                task("e", 30))
            .withScheduling(Scheduling.EAGER));
    WorkflowMetrics started = f.start("i-1").metrics();
    WorkflowMetrics afterA = f.complete("i-1", "a", 1).metrics();

    // when
    WorkflowMetrics afterB = f.complete("i-1", "b", 1).metrics();

    // then: with b done, e (30) outweighs c -> d (25)
    assertThat(started.criticalPath()).containsExactly("a", "b", "d");
    assertThat(afterA.criticalPath()).containsExactly("b", "d");
    assertThat(afterB.criticalPath()).containsExactly("e");
  }

  @Test
  void shouldListAtMostTheConfiguredNumberOfCriticalPathTasks() {
    // given
    EngineFixture limited = new EngineFixture(new EngineConfig(100, 2));
    WorkflowDefinition chain =
        workflow(task("a", 1), task("b", 1, "a"), task("c", 1, "b"), task("d", 1, "c"));
    WorkflowMetrics created = limited.create("i-1", chain).metrics();
    limited.start("i-1");

    // when
    WorkflowMetrics afterA = limited.complete("i-1", "a", 1).metrics();

    // then
    assertThat(created.criticalPath()).containsExactly("a", "b");
    assertThat(afterA.criticalPath()).containsExactly("b", "c");
    assertThat(limited.queries().plan("i-1").orElseThrow().criticalPath())
        .containsExactly("a", "b", "c", "d");
  }

  @Test
  void shouldProduceNoMetricsForARejectedInput() {
    // given
    f.create("i-1", twoSteps());

    // when
    ProcessingResult result = f.pause("i-1");

    // then
    assertThat(result.metrics()).isNull();
  }

  @Test
  void shouldStartTheRemainingCriticalPathWithATaskThatWaitsOnlyForItsGroup() {
    // given: under GROUPS, c waits for b's group although its only dependency, a, is done
    EngineFixture g = new EngineFixture();
    g.createAndStart(
        "i-1",
        EngineFixture.workflow(
            EngineFixture.task("a", 1),
            EngineFixture.task("b", 1_000),
            EngineFixture.task("c", 2_000, "a")));
    // when
    ProcessingResult aDone = g.complete("i-1", "a", 1);
    ProcessingResult bDone = g.complete("i-1", "b", 1);
    // then
    assertThat(aDone.metrics().criticalPath()).containsExactly("c");
    assertThat(EngineFixture.dispatched(bDone)).containsExactly("c");
    assertThat(bDone.metrics().criticalPath()).containsExactly("c");
    assertThat(g.complete("i-1", "c", 1).metrics().criticalPath()).isEmpty();
  }
}
