package dev.baton.cli;

import dev.baton.devbroker.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded single-node Kafka cluster alone, in this process, until Ctrl-C. The launcher gives
 * every command its own JVM, so this is the broker's own process: a server or worker can be stopped
 * and started again against it.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C.",
      "For development: its data stays in --data-dir across restarts."
    })
public final class BrokerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "the Kafka port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int kafkaPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "where the broker keeps its data, in DIR/kafka (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Override
  public Integer call() {
    EmbeddedKafka kafka = EmbeddedKafka.builder().kafkaPort(kafkaPort).dataDir(dataDir).build();
    // Registered before start(): Ctrl-C during startup still stops the broker cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "baton-broker-shutdown"));
    kafka.start();
    PrintWriter out = spec.commandLine().getOut();
    out.println(EmbeddedKafka.READY_PREFIX + kafka.bootstrapServers());
    out.println("  data in " + kafka.dataDir().resolve("kafka"));
    out.println("  next:   baton topics create --bootstrap-servers " + kafka.bootstrapServers());
    out.println("Stop with Ctrl-C.");
    out.flush();
    kafka.awaitShutdown();
    return ExitCodes.OK;
  }
}
