package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.it.browser.HeadlessChromium;
import dev.baton.server.BatonServer;
import dev.baton.worker.NonRetryableTaskException;
import dev.baton.worker.TaskRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard at {@code GET /} in Debian's Chromium, headless, against a real server on the
 * embedded broker. The screenshots it takes are the README's ({@code docs/screenshots/}); the
 * render time of a 1,000-task DAG is reported, not asserted (see docs/BENCHMARKS.md).
 */
class DashboardIT extends EmbeddedBrokerTestBase {

  private static final Duration LIVE = Duration.ofSeconds(20);
  private static final Path SCREENSHOTS = Path.of("docs", "screenshots");

  @BeforeEach
  void needsChromium() {
    // .ci/run installs them; a machine without them says so and skips
    Assumptions.assumeTrue(HeadlessChromium.available(), HeadlessChromium::missing);
  }

  private static String fanOut(String id, int tasks) {
    StringBuilder json = new StringBuilder("{\"id\":\"" + id + "\",\"tasks\":[");
    json.append("{\"id\":\"root\",\"name\":\"Echo\",\"estimatedDurationMs\":10}");
    for (int i = 1; i < tasks - 1; i++) {
      json.append(",{\"id\":\"t")
          .append(i)
          .append("\",\"name\":\"Echo\",\"estimatedDurationMs\":")
          .append(10 + i % 7)
          .append(",\"dependencies\":[\"root\"]}");
    }
    json.append(",{\"id\":\"join\",\"name\":\"Echo\",\"dependencies\":[");
    for (int i = 1; i < tasks - 1; i++) {
      json.append(i == 1 ? "" : ",").append("\"t").append(i).append('"');
    }
    return json.append("]}]}").toString();
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void shouldListDrawUpdateLiveAndDriveWorkflowsFromThePage() throws Exception {
    // given a server, a worker whose Build waits for a gate and whose Flaky fails until fixed
    CountDownLatch build = new CountDownLatch(1);
    AtomicBoolean fixed = new AtomicBoolean(false);
    BatonServer server = app.startServer();
    app.startWorker(
        new TaskRegistry()
            .register(
                "Build",
                task -> {
                  build.await(60, TimeUnit.SECONDS);
                  return Scenarios.output(task);
                })
            .register(
                "Flaky",
                task -> {
                  if (!fixed.get()) {
                    throw new NonRetryableTaskException("the disk is full");
                  }
                  return Scenarios.output(task);
                })
            .fallback(Scenarios::output));
    app.create("ui-pipeline", Definitions.chain3("pipeline", "Build", "Test", "Deploy"), true);
    app.create("ui-flaky", Definitions.single("flaky", "Flaky", 0), true);
    app.status.awaitEvent("ui-flaky", "WorkflowFailed");
    app.status.awaitTaskEvent("ui-pipeline", "TaskDispatched", "a", 1);
    String base = server.httpUri().toString();

    try (HeadlessChromium browser = HeadlessChromium.start()) {
      // the list shows both, with their statuses
      browser.open(base + "/#/");
      browser.waitFor(By.cssSelector("[data-instance-id='ui-pipeline']"));
      browser.waitForAttribute(
          By.cssSelector("[data-instance-id='ui-flaky']"), "data-status", "FAILED", LIVE);
      assertThat(
              browser
                  .driver()
                  .findElement(By.cssSelector("[data-instance-id='ui-pipeline']"))
                  .getAttribute("data-status"))
          .isEqualTo("RUNNING");
      screenshot(browser, "list.png");

      // an instance draws every task; the statuses change live as the worker completes them
      browser.open(base + "/#/workflows/ui-pipeline");
      for (String task : List.of("a", "b", "c")) {
        browser.waitFor(By.cssSelector("#dag [data-task-id='" + task + "']"));
      }
      browser.waitForAttribute(
          By.cssSelector("#dag [data-task-id='a']"), "data-status", "RUNNING", LIVE);
      assertThat(statusOf(browser, "c")).isEqualTo("WAITING");

      // pause and resume from the buttons
      browser.waitFor(By.cssSelector("[data-action='pause']")).click();
      browser.waitForAttribute(By.id("instance-status"), "data-status", "PAUSED", LIVE);
      browser.waitFor(By.cssSelector("[data-action='resume']")).click();
      browser.waitForAttribute(By.id("instance-status"), "data-status", "RUNNING", LIVE);

      build.countDown();
      for (String task : List.of("a", "b", "c")) {
        browser.waitForAttribute(
            By.cssSelector("#dag [data-task-id='" + task + "']"), "data-status", "COMPLETED", LIVE);
      }
      browser.waitForAttribute(By.id("instance-status"), "data-status", "COMPLETED", LIVE);
      screenshot(browser, "instance.png");

      // a failed workflow's retry button redrives it
      browser.open(base + "/#/workflows/ui-flaky");
      browser.waitForAttribute(By.id("instance-status"), "data-status", "FAILED", LIVE);
      fixed.set(true);
      browser.waitFor(By.cssSelector("[data-action='retry']")).click();
      browser.waitForAttribute(By.id("instance-status"), "data-status", "COMPLETED", LIVE);
      assertThat(app.status.types("ui-flaky")).contains("WorkflowRetried", "WorkflowCompleted");

      assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();

      // an unknown instance is said to be unknown, not shown empty (the 404 is the console's only
      // complaint)
      browser.open(base + "/#/workflows/never-was");
      browser.waitFor(By.id("instance-not-found"));

      // the definitions page shows the definitions' metrics
      browser.open(base + "/#/definitions");
      WebElement definitions = browser.waitFor(By.id("definition-list"));
      await()
          .atMost(LIVE)
          .untilAsserted(
              () ->
                  assertThat(
                          browser
                              .driver()
                              .findElements(By.cssSelector("[data-definition-id='pipeline']")))
                      .isNotEmpty());
      assertThat(definitions.isDisplayed()).isTrue();
      screenshot(browser, "definitions.png");
      assertThat(browser.consoleErrors())
          .allSatisfy(error -> assertThat(error).contains("/workflows/never-was").contains("404"));
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void shouldDrawAThousandTaskDagAndReportHowLongItTook() throws Exception {
    BatonServer server = app.startServer();
    app.create("ui-big", fanOut("big", 1_000), false);
    app.status.awaitEvent("ui-big", "WorkflowCreated");
    List<Double> renders = new ArrayList<>();
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      for (int run = 0; run < 3; run++) {
        browser.open("about:blank"); // a fresh page each time, not the same one again
        browser.open(server.httpUri() + "/#/workflows/ui-big");
        browser.waitFor(By.cssSelector("#dag [data-task-id='join']"), Duration.ofSeconds(60));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> browser.script("return window.__batonRenderMs;") != null);
        renders.add(((Number) browser.script("return window.__batonRenderMs;")).doubleValue());
        assertThat(browser.driver().findElements(By.cssSelector("#dag [data-task-id]")))
            .hasSize(1_000);
      }
    }
    // A figure, not a pass mark: shared machines vary too much for a time limit.
    String report =
        "dashboard render of a 1,000-task DAG in headless Chromium (ms, 3 loads): " + renders;
    System.out.println(report);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "dashboard-render.txt"), report + System.lineSeparator());
    assertThat(renders).allMatch(ms -> ms > 0);
  }

  private static String statusOf(HeadlessChromium browser, String taskId) {
    return browser
        .driver()
        .findElement(By.cssSelector("#dag [data-task-id='" + taskId + "']"))
        .getAttribute("data-status");
  }

  private static void screenshot(HeadlessChromium browser, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    browser.screenshot(SCREENSHOTS.resolve(name));
  }
}
