package ai.victor.otel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every role benchmark on the three {@link Side sides}, one benchmark at a time across the
 * sides (so that a burst of load on a shared machine hits all three alike), then the SDK floor
 * without the agent and the tool benchmark unsampled, and prints one table: ns/op and B/op per
 * side and what the extension adds over the agent alone.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar [--forks=3] [--warmup=5] [--iterations=5]
 * [--time=1s] [--only=REGEX] [--out=FILE]}
 */
public final class OverheadRun {
  static final List<Class<?>> ROLES = List.of(CacheBenchmark.class, CaffeineBenchmark.class,
      SpringCacheBenchmark.class, SelectionBenchmark.class, ProviderBenchmark.class,
      ToolBenchmark.class);
  static final String UNSAMPLED = " (unsampled)";

  /** How long, how often and what; {@link #full()} is the documented measurement. */
  public record Settings(int forks, int warmupIterations, int iterations, TimeValue time,
      Pattern only, Set<Side> sides, boolean floor, boolean unsampled, VerboseMode verbosity) {
    public static Settings full() {
      return new Settings(3, 5, 5, TimeValue.seconds(1), Pattern.compile(""),
          EnumSet.allOf(Side.class), true, true, VerboseMode.NORMAL);
    }

    /** One short iteration of every benchmark, the role benchmarks on the given sides only. */
    public static Settings smoke(Set<Side> sides) {
      return new Settings(1, 0, 1, TimeValue.milliseconds(100), Pattern.compile(""), sides,
          true, false, VerboseMode.SILENT);
    }

    static Settings parse(String[] args) {
      Settings s = full();
      for (String arg : args) {
        String[] kv = arg.split("=", 2);
        String value = kv.length > 1 ? kv[1] : "";
        switch (kv[0]) {
          case "--forks" -> s = new Settings(Integer.parseInt(value), s.warmupIterations,
              s.iterations, s.time, s.only, s.sides, s.floor, s.unsampled, s.verbosity);
          case "--warmup" -> s = new Settings(s.forks, Integer.parseInt(value), s.iterations,
              s.time, s.only, s.sides, s.floor, s.unsampled, s.verbosity);
          case "--iterations" -> s = new Settings(s.forks, s.warmupIterations,
              Integer.parseInt(value), s.time, s.only, s.sides, s.floor, s.unsampled,
              s.verbosity);
          case "--time" -> s = new Settings(s.forks, s.warmupIterations, s.iterations,
              TimeValue.fromString(value), s.only, s.sides, s.floor, s.unsampled, s.verbosity);
          case "--only" -> s = new Settings(s.forks, s.warmupIterations, s.iterations, s.time,
              Pattern.compile(value), s.sides, s.floor, s.unsampled, s.verbosity);
          case "--out" -> { } // read by main
          default -> throw new IllegalArgumentException("unknown option " + arg + "; options:"
              + " --forks=N --warmup=N --iterations=N --time=1s --only=REGEX --out=FILE");
        }
      }
      return s;
    }
  }

  /** One measurement: mean ns/op with its 99.9 % error, and bytes allocated per op. */
  public record Score(double nanos, double error, double bytes) {}

  /** One table row: a benchmark's score on each side it ran on. */
  public record Row(String name, Map<Side, Score> scores) {
    public Score on(Side side) {
      return scores.get(side);
    }
  }

  private OverheadRun() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    Path out = null;
    for (String arg : args) {
      if (arg.startsWith("--out=")) {
        out = Path.of(arg.substring("--out=".length()));
      }
    }
    String before = load();
    List<Row> rows = run(settings, Side.Jars.fromBuild());
    String report = report(rows, settings, before, load());
    System.out.println(report);
    if (out != null) {
      Files.writeString(out, report);
    }
  }

  /** Runs the benchmarks the settings select; fails if any fork fails its side check. */
  public static List<Row> run(Settings settings, Side.Jars jars) throws RunnerException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (Class<?> role : ROLES) {
      for (Side side : settings.sides()) {
        collect(rows, "", side, runOne(settings, role, side.jvmArgs(jars)));
      }
    }
    if (settings.unsampled()) {
      for (Side side : settings.sides()) {
        if (side == Side.NONE) {
          continue; // no spans to sample
        }
        List<String> jvmArgs = new ArrayList<>(side.jvmArgs(jars));
        jvmArgs.add("-Dotel.traces.sampler=always_off");
        collect(rows, UNSAMPLED, side, runOne(settings, ToolBenchmark.class, jvmArgs));
      }
    }
    if (settings.floor()) {
      collect(rows, "", Side.NONE,
          runOne(settings, SdkFloorBenchmark.class, Side.NONE.jvmArgs(jars)));
    }
    return new ArrayList<>(rows.values());
  }

  private static Collection<RunResult> runOne(Settings settings, Class<?> benchmark,
      List<String> jvmArgs) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .forks(settings.forks())
        .warmupIterations(settings.warmupIterations())
        .warmupTime(settings.time())
        .measurementIterations(settings.iterations())
        .measurementTime(settings.time())
        .jvmArgsAppend(jvmArgs.toArray(new String[0]))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .verbosity(settings.verbosity());
    List<String> methods = benchmarks(benchmark, settings.only());
    if (methods.isEmpty()) {
      return List.of();
    }
    for (String method : methods) {
      options.include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$");
    }
    return new Runner(options.build()).run();
  }

  /** The benchmark methods of a class whose short name ({@code Class.method}) matches. */
  static List<String> benchmarks(Class<?> benchmark, Pattern only) {
    List<String> methods = new ArrayList<>();
    for (Method method : benchmark.getMethods()) {
      if (method.isAnnotationPresent(Benchmark.class)
          && only.matcher(benchmark.getSimpleName() + "." + method.getName()).find()) {
        methods.add(method.getName());
      }
    }
    methods.sort(null);
    return methods;
  }

  private static void collect(Map<String, Row> rows, String suffix, Side side,
      Collection<RunResult> results) {
    for (RunResult result : results) {
      String name = name(result) + suffix;
      double bytes = Double.NaN;
      for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
        if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
          bytes = secondary.getValue().getScore();
        }
      }
      Score score = new Score(result.getPrimaryResult().getScore(),
          result.getPrimaryResult().getScoreError(), bytes);
      rows.computeIfAbsent(name, n -> new Row(n, new EnumMap<>(Side.class)))
          .scores().put(side, score);
    }
  }

  /** {@code CacheBenchmark.getHit} from the benchmark's full name. */
  static String name(RunResult result) {
    String full = result.getParams().getBenchmark();
    String[] parts = full.split("\\.");
    return parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  /** The markdown table of docs/performance.md, with the conditions it was measured in. */
  public static String report(List<Row> rows, Settings settings, String loadBefore,
      String loadAfter) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Measured %s; JDK %s (%s); agent %s; %d fork(s) x %d"
            + " iteration(s) of %s after %d warm-up; load average before: %s, after: %s%n%n",
        Instant.now(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        agentVersion(), settings.forks(), settings.iterations(), settings.time(),
        settings.warmupIterations(), loadBefore, loadAfter));
    out.append("| benchmark | no agent ns/op | agent alone ns/op | agent + ext ns/op"
        + " | added ns/op | no agent B/op | agent alone B/op | agent + ext B/op | added B/op |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      Score none = row.on(Side.NONE);
      Score agent = row.on(Side.AGENT);
      Score ext = row.on(Side.EXTENSION);
      out.append("| ").append(row.name())
          .append(" | ").append(nanos(none))
          .append(" | ").append(nanos(agent))
          .append(" | ").append(nanos(ext))
          .append(" | ").append(agent == null || ext == null ? "" : String.format(Locale.ROOT,
              "%+.1f", ext.nanos() - agent.nanos()))
          .append(" | ").append(bytes(none))
          .append(" | ").append(bytes(agent))
          .append(" | ").append(bytes(ext))
          .append(" | ").append(agent == null || ext == null ? "" : String.format(Locale.ROOT,
              "%+.1f", ext.bytes() - agent.bytes()))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String nanos(Score score) {
    return score == null ? "" : String.format(Locale.ROOT, "%.1f ± %.1f", score.nanos(),
        score.error());
  }

  private static String bytes(Score score) {
    return score == null ? "" : String.format(Locale.ROOT, "%.1f", score.bytes());
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
  static String load() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String agentVersion() {
    try (JarFile jar = new JarFile(Side.Jars.fromBuild().agent().toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
