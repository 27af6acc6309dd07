package dev.baton.cli;

import dev.baton.bench.BenchOptions;
import dev.baton.bench.Benchmark;
import dev.baton.bench.BenchmarkException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * The benchmark against a minimal Kafka Streams app; its options are the benchmark's own, passed
 * through as they are (see {@code baton bench --help}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure Baton against the limit (a minimal exactly-once Kafka Streams app) on "
        + "an embedded broker, side by side in one run; prints a table and writes a JSON report "
        + "(target/benchmark.json).",
        "The full run takes about 6 minutes on 2 cores; --quick about 2.",
        "Every other option is the benchmark's own: 'baton bench --options' lists them."})
public final class BenchCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", hidden = true)
  List<String> arguments = new ArrayList<>();

  @Unmatched
  List<String> unmatched = new ArrayList<>();

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(arguments);
    args.addAll(unmatched);
    if (args.contains("--options")) {
      System.out.println(BenchOptions.USAGE);
      return ExitCodes.OK;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
    }
    try {
      Benchmark.run(options, System.out);
    } catch (BenchmarkException e) {
      throw new CliException(ExitCodes.FAILED, e.getMessage(), e);
    }
    return ExitCodes.OK;
  }
}
