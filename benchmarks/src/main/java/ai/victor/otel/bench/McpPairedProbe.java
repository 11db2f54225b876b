package ai.victor.otel.bench;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The MCP module's CPU time per tool call, paired in one JVM (run under the agent with the
 * extension): two copies of the application ({@link McpProbe.Runner} with the MCP SDK and Reactor)
 * in two class loaders, each instrumented by the agent; in the second the module's breaker is
 * opened, so its advice returns at once, as on a JVM with the agent alone (plus a volatile read per
 * advice). Chunks of calls alternate between the two, so that the machine's load, the JIT and the
 * GC weigh on both alike: on this shared machine two JVMs run one after the other differ by more
 * than the module costs.
 *
 * <p>With {@code -Dvictor.bench.toggle=true} there is one copy only, whose module's breaker is
 * closed for the module's chunks and opened for the others: both sides run the same classes and
 * compiled code, so that they differ by the module's work alone (two copies each have their own
 * JIT history, which moves their difference by more than the module costs).
 *
 * <p>Arguments: chunks, calls per chunk, and {@code client} (default: a client's {@code tools/call},
 * {@link McpProbe.Runner}) or {@code server} (a server's handling of one, {@link
 * McpServerRunner}). Prints {@code MCP-PAIRED side=ROLE calls=N on-cpu-ns=X off-cpu-ns=Y
 * added-cpu-ns=Z median-added-cpu-ns=M added-bytes=B}.
 */
public final class McpPairedProbe {
  private McpPairedProbe() {}

  public static void main(String[] args) throws Exception {
    int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String role = args.length > 2 ? args[2] : "client";
    String runnerClass = role.equals("server") ? McpServerRunner.class.getName()
        : McpProbe.Runner.class.getName();
    URL jar = McpPairedProbe.class.getProtectionDomain().getCodeSource().getLocation();
    Runnable on;
    Runnable off;
    if (Boolean.getBoolean("victor.bench.toggle")) {
      // One copy, its module switched on and off between chunks: the same classes and compiled
      // code on both sides, which differ by the module's work alone.
      URLClassLoader loader = new URLClassLoader(new URL[] {jar},
          ClassLoader.getPlatformClassLoader());
      Runnable runner = runner(loader, runnerClass, chunk);
      for (int i = 0; i < 100; i++) {
        runner.run();
      }
      AtomicBoolean open = breaker(loader);
      on = PairedCopies.toggled(runner, open, false);
      off = PairedCopies.toggled(runner, open, true);
      for (int i = 0; i < 50; i++) {
        on.run();
        off.run();
      }
    } else {
      on = runner(new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader()),
          runnerClass, chunk);
      URLClassLoader offLoader = new URLClassLoader(new URL[] {jar},
          ClassLoader.getPlatformClassLoader());
      off = runner(offLoader, runnerClass, chunk);
      for (int i = 0; i < 50; i++) { // warm-up, and the helpers injected into both loaders
        on.run();
        off.run();
      }
      breaker(offLoader).set(true);
      for (int i = 0; i < 50; i++) {
        on.run();
        off.run();
      }
    }
    PairedCopies.Result result = PairedCopies.measure(on, off, chunks);
    double calls = (double) chunks * chunk;
    System.out.printf("MCP-PAIRED side=%s calls=%d on-cpu-ns=%.0f off-cpu-ns=%.0f"
            + " added-cpu-ns=%.0f median-added-cpu-ns=%.0f"
            + " on-bytes=%.0f off-bytes=%.0f added-bytes=%.0f%n", role, (long) calls,
        result.cpu[0] / calls, result.cpu[1] / calls, (result.cpu[0] - result.cpu[1]) / calls,
        PairedCopies.Result.median(result.addedCpu) / (double) chunk, result.bytes[0] / calls,
        result.bytes[1] / calls, (result.bytes[0] - result.bytes[1]) / calls);
  }

  /** The runner of one copy; the SDK finds its JSON mapper through the context class loader. */
  private static Runnable runner(ClassLoader loader, String runnerClass, int chunk)
      throws Exception {
    return PairedCopies.copy(loader,
        () -> loader.loadClass(runnerClass).getConstructor().newInstance(), chunk);
  }

  /** The MCP module's breaker in this loader: set, the module is off, as after a LinkageError. */
  private static AtomicBoolean breaker(ClassLoader loader) throws Exception {
    Class<?> guard = Class.forName("ai.victor.otel.instrumentation.mcp.calls.McpGuard", false,
        loader);
    Field breakerField = guard.getDeclaredField("BREAKER");
    breakerField.setAccessible(true);
    Object breaker = breakerField.get(null);
    Field open = breaker.getClass().getDeclaredField("open");
    open.setAccessible(true);
    return (AtomicBoolean) open.get(breaker);
  }
}
