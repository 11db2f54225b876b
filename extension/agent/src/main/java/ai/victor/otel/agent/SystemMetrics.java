package ai.victor.otel.agent;

import ai.victor.otel.core.Metric;
import io.opentelemetry.api.metrics.Meter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The system series, observed at collection from the JVM's management beans and, for resident
 * memory, from /proc where the platform has it.
 */
final class SystemMetrics {
  private static final Path STATUS = Paths.get("/proc/self/status");

  private SystemMetrics() {}

  static void register(Meter meter) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    meter.gaugeBuilder(Metric.SYSTEM_MEMORY.otelName()).ofLongs()
        .setUnit(Metric.SYSTEM_MEMORY.unit())
        .setDescription(Metric.SYSTEM_MEMORY.description())
        .buildWithCallback(m -> {
          long resident = residentBytes();
          m.record(resident > 0 ? resident : memory.getHeapMemoryUsage().getUsed()
              + memory.getNonHeapMemoryUsage().getUsed());
        });
    meter.gaugeBuilder(Metric.SYSTEM_CPU.otelName())
        .setUnit(Metric.SYSTEM_CPU.unit())
        .setDescription(Metric.SYSTEM_CPU.description())
        .buildWithCallback(m -> {
          double load = processCpuLoad(os);
          if (load >= 0) {
            m.record(load * 100);
          }
        });
    meter.gaugeBuilder(Metric.SYSTEM_THREADS.otelName()).ofLongs()
        .setUnit(Metric.SYSTEM_THREADS.unit())
        .setDescription(Metric.SYSTEM_THREADS.description())
        .buildWithCallback(m -> m.record(threads.getThreadCount()));
    meter.gaugeBuilder(Metric.SYSTEM_UPTIME.otelName())
        .setUnit(Metric.SYSTEM_UPTIME.unit())
        .setDescription(Metric.SYSTEM_UPTIME.description())
        .buildWithCallback(
            m -> m.record(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
  }

  /** Resident set size from the {@code VmRSS} line of /proc/self/status (in kB); -1 elsewhere. */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          String[] fields = line.trim().split("\\s+");
          return Long.parseLong(fields[1]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not mounted
    }
    return -1;
  }

  /** Recent CPU use of this process, 0-1 of all processors; -1 when the JVM cannot tell. */
  private static double processCpuLoad(OperatingSystemMXBean os) {
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad();
    }
    return -1;
  }
}
