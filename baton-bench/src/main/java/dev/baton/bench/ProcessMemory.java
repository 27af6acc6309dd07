package dev.baton.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This JVM's memory: heap used after a full collection, and the resident set size the kernel
 * reports (heap, metaspace, thread stacks and native memory such as RocksDB's).
 *
 * @param rssBytes VmRSS, -1 where /proc is not available
 * @param peakRssBytes VmHWM, the largest RSS so far, -1 where /proc is not available
 */
record ProcessMemory(
    long heapUsedBytes,
    long heapCommittedBytes,
    long heapMaxBytes,
    long nonHeapUsedBytes,
    long rssBytes,
    long peakRssBytes) {

  /** Collects garbage first so that heap used is what is live. */
  static ProcessMemory afterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Waits.sleep(200);
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    List<String> status = procStatus();
    return new ProcessMemory(
        heap.getUsed(),
        heap.getCommitted(),
        heap.getMax(),
        nonHeap.getUsed(),
        kilobytes(status, "VmRSS:"),
        kilobytes(status, "VmHWM:"));
  }

  private static List<String> procStatus() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A {@code Name: 123 kB} line of /proc/self/status, in bytes; -1 when absent. */
  static long kilobytes(List<String> status, String name) {
    for (String line : status) {
      if (line.startsWith(name)) {
        String[] parts = line.substring(name.length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
      }
    }
    return -1;
  }
}
