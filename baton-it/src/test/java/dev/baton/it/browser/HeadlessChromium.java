package dev.baton.it.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium, headless, driven through the system's chromedriver, for tests of the
 * dashboard.
 *
 * <p>Nothing is ever downloaded: the driver is given by path, so Selenium Manager never runs, and
 * the browser binary is given too. Every browser gets a fresh profile directory, deleted on {@link
 * #close()}. On Debian both come from {@code apt-get install chromium chromium-driver}, which
 * {@code .ci/run} does when they are missing; tests should call {@link #available()} first and skip
 * (not fail) where the machine has neither.
 *
 * <pre>{@code
 * assumeTrue(HeadlessChromium.available(), HeadlessChromium.missing());
 * try (HeadlessChromium browser = HeadlessChromium.start()) {
 *   browser.open(server.httpUri() + "/");
 *   browser.waitFor(By.id("workflow-list"), Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Where Debian's {@code chromium-driver} package puts the driver. */
  public static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

  /** Where Debian's {@code chromium} package puts the browser. */
  public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

  /** The arguments every browser gets: headless, no sandbox (root in CI), no network of its own. */
  public static final List<String> ARGUMENTS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  /**
   * Held so the level sticks: without a selenium-devtools module matching the installed Chromium,
   * Selenium warns at every start that it has no CDP implementation, which these tests never use.
   */
  private static final Logger CDP_LOG =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_LOG.setLevel(Level.SEVERE);
  }

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /** True when both the browser and its driver are installed and executable. */
  public static boolean available() {
    return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
  }

  /** Why {@link #available()} is false, for a test's skip message. */
  public static String missing() {
    StringBuilder why = new StringBuilder();
    if (!Files.isExecutable(CHROMIUM)) {
      why.append(CHROMIUM).append(" is missing; ");
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      why.append(CHROMEDRIVER).append(" is missing; ");
    }
    return why.append("install them with apt-get install chromium chromium-driver").toString();
  }

  /** A browser with a 1400x900 window. */
  public static HeadlessChromium start() {
    return start(1400, 900);
  }

  /** A browser with a window of the given size in CSS pixels. */
  public static HeadlessChromium start(int width, int height) {
    if (!available()) {
      throw new IllegalStateException(missing());
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("baton-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make a profile directory for Chromium", e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(ARGUMENTS);
    options.addArguments(
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new HeadlessChromium(service, driver, profile);
    } catch (RuntimeException e) {
      service.stop();
      deleteQuietly(profile);
      throw e;
    }
  }

  /** The driver, for whatever this class does not wrap. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Loads a page and waits for its load event. */
  public HeadlessChromium open(String url) {
    driver.get(url);
    return this;
  }

  /** Waits (at most 10 s) until an element matching the locator is visible, and returns it. */
  public WebElement waitFor(By locator) {
    return waitFor(locator, DEFAULT_WAIT);
  }

  /** Waits until an element matching the locator is visible, and returns it. */
  public WebElement waitFor(By locator, Duration timeout) {
    return new WebDriverWait(driver, timeout)
        .until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /** Waits until an element matching the locator has the attribute at the value. */
  public void waitForAttribute(By locator, String attribute, String value, Duration timeout) {
    new WebDriverWait(driver, timeout)
        .until(ExpectedConditions.attributeToBe(locator, attribute, value));
  }

  /** Runs a script in the page ({@code return ...} for a value) and gives its result. */
  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The messages the page wrote to the console at level SEVERE (errors), since the last call. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Writes a PNG of the window to the path, for a failing test's report. */
  public Path screenshot(Path file) {
    File png = driver.getScreenshotAs(OutputType.FILE);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the screenshot " + file, e);
    } finally {
      png.delete();
    }
  }

  /** Quits the browser, stops its driver and deletes its profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A profile left in the temp directory is harmless.
    }
  }
}
