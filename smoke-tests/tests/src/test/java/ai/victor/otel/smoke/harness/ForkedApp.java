package ai.victor.otel.smoke.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM forked by a test, usually the sample app under the agent. The agent is only testable in a JVM of its own:
 * it must be attached at startup and it instruments every class it sees.
 *
 * <p>The app's stdout and stderr are merged (so agent and app messages keep their relative order), written line by
 * line to {@code target/forked-logs/<name>-<timestamp>.log} for later diagnosis, and kept in memory for the await
 * methods. {@link #close()} ends the whole process tree; a shutdown hook does the same if a test never closes it, so
 * no run leaves a JVM behind.
 */
public final class ForkedApp implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("LISTENING port=(\\d+)");
  private static final int TAIL_LINES = 50;
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final String name;
  private final Process process;
  private final Path logFile;
  private final List<String> lines = new ArrayList<>(); // guarded by this
  private boolean outputEnded; // guarded by this
  private final Thread pump;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ForkedApp(String name, Process process, Path logFile, Writer log) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.pump = new Thread(() -> pump(log), "forked-app-output-" + name);
    this.pump.setDaemon(true);
    this.pump.start();
    this.shutdownHook = new Thread(() -> destroyTree(Duration.ZERO), "forked-app-kill-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A builder for any Java program; add the program with {@link Builder#args}, e.g. {@code -jar app.jar}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder for the sample app ({@code --port=0}) under the OpenTelemetry agent with the extension, exporting
   * metrics and traces to {@code receiver} over OTLP http/protobuf, with short export intervals so tests wait seconds,
   * not minutes. Logs export is off: no test needs it and it would add traffic to every run. The jar and config paths
   * come from the system properties Surefire sets ({@code victor.agent.jar}, {@code victor.extension.jar},
   * {@code victor.sample.jar}, {@code victor.sample.config}).
   *
   * @throws IllegalStateException if a property is unset or names a missing file, i.e. the build did not produce it
   */
  public static Builder sampleUnderAgent(String name, OtlpReceiver receiver) {
    return sampleUnderAgent(name, receiver, Path.of(requiredFile("victor.agent.jar")));
  }

  /** As {@link #sampleUnderAgent(String, OtlpReceiver)}, under another agent jar. */
  public static Builder sampleUnderAgent(String name, OtlpReceiver receiver, Path agentJar) {
    if (!Files.isRegularFile(agentJar)) {
      throw new IllegalStateException(agentJar + " is missing: build with mvn package first");
    }
    return builder(name)
        .jvmArgs("-javaagent:" + agentJar)
        .systemProperty("otel.javaagent.extensions", requiredFile("victor.extension.jar"))
        .systemProperty("otel.javaagent.configuration-file", requiredFile("victor.sample.config"))
        .systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
        .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
        .systemProperty("otel.metric.export.interval", "1000")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.service.name", "sample-agent")
        .systemProperty("otel.logs.exporter", "none")
        .args("-jar", requiredFile("victor.sample.jar"), "--port=0");
  }

  /** Waits for the app's {@code LISTENING port=<n>} line and returns n. */
  public int awaitPort(Duration timeout) {
    Matcher matcher = LISTENING.matcher(awaitLine(line -> LISTENING.matcher(line).find(), timeout));
    matcher.find();
    return Integer.parseInt(matcher.group(1));
  }

  /**
   * Returns the first output line, since the start, that matches; waits for one up to {@code timeout}.
   *
   * @throws AssertionError with the last 50 lines if the app ends its output or the time runs out first
   */
  public String awaitLine(Predicate<String> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    synchronized (this) {
      while (true) {
        for (; checked < lines.size(); checked++) {
          if (condition.test(lines.get(checked))) {
            return lines.get(checked);
          }
        }
        if (outputEnded) {
          throw failure("ended its output (" + exitDescription() + ") before printing the awaited line");
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw failure("did not print the awaited line within " + timeout);
        }
        waitNanos(remaining);
      }
    }
  }

  /**
   * Waits for the app to exit on its own and returns its exit code.
   *
   * @throws AssertionError with the last 50 lines if it is still running after {@code timeout}
   */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw failure("did not exit within " + timeout);
      }
      pump.join(GRACE.toMillis()); // so that logLines() holds the whole output
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
    return process.exitValue();
  }

  /** The output lines so far. */
  public synchronized List<String> logLines() {
    return List.copyOf(lines);
  }

  /** The file the output goes to; its first line is the command that started the app. */
  public Path logFile() {
    return logFile;
  }

  /** The app's process, e.g. to check that it is alive or to look at its children. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Ends the app and every process it started: a normal termination first, then a forced one after 5 s. */
  @Override
  public void close() {
    // Not synchronized on this: the output pump needs that monitor to drain the last lines.
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    destroyTree(GRACE);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shutdownInProgress) {
      // the hook is running or about to; nothing left to undo
    }
    try {
      pump.join(GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Destroys the process and its descendants, forcibly for any still alive after {@code grace}. */
  private void destroyTree(Duration grace) {
    // Collect the children first: once the parent is gone they are re-parented and no longer found.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      awaitExit(handle, deadline - System.nanoTime());
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    long killDeadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      awaitExit(handle, killDeadline - System.nanoTime());
    }
  }

  private static void awaitExit(ProcessHandle handle, long nanos) {
    if (nanos <= 0 || !handle.isAlive()) {
      return;
    }
    try {
      handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // still alive: the caller escalates or gives up
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Copies the merged output to the log file and to memory until the app closes it. */
  private void pump(Writer log) {
    try (log;
        BufferedReader out =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush(); // the file must be complete even if the test JVM is killed
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the stream breaks when the process is killed; what was read is kept
    } finally {
      synchronized (this) {
        outputEnded = true;
        notifyAll();
      }
    }
  }

  private void waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  /** Called once the output has ended, when the process is normally exiting or gone. */
  private String exitDescription() {
    try {
      if (process.waitFor(1, TimeUnit.SECONDS)) {
        return "exit code " + process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "still running";
  }

  private AssertionError failure(String what) {
    List<String> all = logLines();
    List<String> tail = all.subList(Math.max(0, all.size() - TAIL_LINES), all.size());
    return new AssertionError(
        name + " " + what + "; log " + logFile + ", last " + tail.size() + " lines:\n"
            + String.join("\n", tail));
  }

  private static String requiredFile(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set; run the smoke tests through Maven (Surefire sets it)");
    }
    Path path = Path.of(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          property + " = " + path + " does not exist; build that module first (mvn package from the root)");
    }
    return path.toString();
  }

  /** Collects the command line of a forked app; JVM options always precede the program and its arguments. */
  public static final class Builder {
    private final String name;
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The {@code java} executable to run; by default the one running the tests. For testing other JDKs. */
    public Builder java(Path executable) {
      this.java = executable;
      return this;
    }

    /** Raw JVM options, e.g. {@code -javaagent:...} or {@code -Xmx256m}. */
    public Builder jvmArgs(String... options) {
      jvmArgs.addAll(Arrays.asList(options));
      return this;
    }

    /** A {@code -Dkey=value} option; setting a key again replaces the earlier value. */
    public Builder systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    /** The program and its arguments, e.g. {@code -jar app.jar --port=0} or {@code -cp dir Main}; appended. */
    public Builder args(String... programArgs) {
      args.addAll(Arrays.asList(programArgs));
      return this;
    }

    /** An environment variable for the app, in addition to the inherited ones (less any {@code OTEL_*}). */
    public Builder env(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /** The full command line this builder would run. */
    public List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(jvmArgs);
      systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.addAll(args);
      return command;
    }

    /** Starts the app; the caller must close it, best in try-with-resources. */
    public ForkedApp start() {
      List<String> command = command();
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      // OTEL_* variables of the developer's or CI's shell would silently change what the agent does.
      builder.environment().keySet().removeIf(key -> key.startsWith("OTEL_"));
      builder.environment().putAll(environment);
      Path dir = Path.of(System.getProperty("victor.forked.logs", "target/forked-logs"));
      Path logFile = dir.resolve(name + "-" + LocalDateTime.now().format(TIMESTAMP) + ".log");
      Writer log = null;
      try {
        Files.createDirectories(dir);
        log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        log.write("$ " + String.join(" ", command) + "\n");
        log.flush();
        return new ForkedApp(name, builder.start(), logFile, log);
      } catch (IOException e) {
        closeQuietly(log);
        throw new UncheckedIOException("cannot start " + name + ": " + command, e);
      }
    }

    private static void closeQuietly(Writer log) {
      if (log != null) {
        try {
          log.close();
        } catch (IOException ignored) {
          // already failing with the cause that matters
        }
      }
    }
  }
}
