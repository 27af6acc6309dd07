package dev.baton.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM, of an application's threads and of the broker, read together. */
record CpuClock(long appNanos, long processNanos, long brokerNanos) {

  static CpuClock read(StreamsApp app, BenchCluster cluster) {
    return new CpuClock(app.cpuNanos(), processCpuNanos(), cluster.brokerCpuNanos());
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The CPU used since {@code earlier}; -1 where a reading was missing. */
  CpuClock since(CpuClock earlier) {
    return new CpuClock(
        appNanos - earlier.appNanos,
        delta(processNanos, earlier.processNanos),
        delta(brokerNanos, earlier.brokerNanos));
  }

  private static long delta(long now, long before) {
    return now < 0 || before < 0 ? -1 : now - before;
  }
}
