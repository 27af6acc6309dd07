package dev.baton.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One run of the command line in this JVM, with its output captured. */
record CliRun(int exitCode, String out, String err, long elapsedMs) {

  static CliRun of(String... args) {
    CommandLine commandLine = BatonCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int exitCode = commandLine.execute(args);
    return new CliRun(
        exitCode, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
