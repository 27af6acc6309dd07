package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

  @TempDir Path dir;

  @Test
  void shouldRefuseASecondUserOfTheSameDirectoryInOneLine() {
    // given
    Path data = dir.resolve("data");
    try (DataDirLock first = DataDirLock.acquire(data)) {
      // then
      assertThatThrownBy(() -> DataDirLock.acquire(data))
          .isInstanceOfSatisfying(
              CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED))
          .hasMessageContaining("data directory " + data + " is in use")
          .hasMessageContaining(DataDirLock.FILE)
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void shouldBeFreeAgainOnceClosed() {
    Path data = dir.resolve("data");
    DataDirLock.acquire(data).close();

    DataDirLock again = DataDirLock.acquire(data);
    again.close();

    assertThat(data.resolve(DataDirLock.FILE)).exists();
  }

  @Test
  @Timeout(60)
  void shouldMakeASecondDevOnTheDirectoryOfAnotherProcessExitWithOneLine() throws Exception {
    // given: another process holds the lock, as a running 'baton dev' does
    Path data = Files.createDirectories(dir.resolve("data"));
    Process holder = holdLockInAnotherProcess(data.resolve(DataDirLock.FILE));
    try {
      // when
      CliRun run = CliRun.of("dev", "--data-dir", data.toString(), "--kafka-port", "0");

      // then
      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.errLines())
          .singleElement()
          .asString()
          .startsWith("baton dev: the data directory")
          .contains("is in use by another 'baton dev'");
      assertThat(run.elapsedMs()).as("nothing was started").isLessThan(5_000);
    } finally {
      holder.getOutputStream().close();
      holder.waitFor(10, TimeUnit.SECONDS);
      holder.destroy();
    }
    // and the directory is usable again once the other process is gone
    DataDirLock.acquire(data).close();
  }

  /** A separate JVM that locks {@code file} the way the JDK locks files, until its stdin closes. */
  private Process holdLockInAnotherProcess(Path file) throws IOException {
    Path source =
        Files.writeString(
            dir.resolve("Holder.java"),
            "import java.nio.channels.FileChannel;\n"
                + "import java.nio.file.*;\n"
                + "public class Holder {\n"
                + "  public static void main(String[] a) throws Exception {\n"
                + "    FileChannel c = FileChannel.open(Path.of(a[0]),"
                + " StandardOpenOption.CREATE, StandardOpenOption.WRITE);\n"
                + "    if (c.tryLock() == null) { System.exit(9); }\n"
                + "    System.out.println(\"locked\");\n"
                + "    System.out.flush();\n"
                + "    while (System.in.read() >= 0) {}\n"
                + "  }\n"
                + "}\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(java, source.toString(), file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("the other process holds the lock").isEqualTo("locked");
    return process;
  }
}
