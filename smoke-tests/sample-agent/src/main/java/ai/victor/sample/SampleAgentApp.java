package ai.victor.sample;

import ai.victor.sample.bootstrap.CacheComponent;
import ai.victor.sample.bootstrap.Component;
import ai.victor.sample.bootstrap.ConfigComponent;
import ai.victor.sample.bootstrap.ProviderPoolComponent;
import ai.victor.sample.bootstrap.ServiceRegistry;
import ai.victor.sample.bootstrap.ToolRegistryComponent;
import ai.victor.sample.http.AgentHttpServer;
import ai.victor.sample.load.LoadGenerator;
import ai.victor.sample.stress.Stress;
import ai.victor.sample.tools.ToolExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * A simulated AI-agent service: an HTTP chat API backed by cached tool selection, a pool of LLM
 * providers with failover, and tool execution with timeouts. Everything is simulated in-process
 * with realistic latencies and injectable faults, so that it can be observed from the outside.
 *
 * <p>Usage: {@code java -jar victor-otel-sample-agent.jar [--port=N] [--load=N | --duration=S]
 * [--concurrency=C] [--exit-after-load]}; see the module's README for the knobs and endpoints.
 */
public final class SampleAgentApp {

  private static final List<String> SERVICES = List.of("chat-api", "tool-runner", "provider-gateway");

  private final int requestedPort;
  private final ServiceRegistry registry = new ServiceRegistry();
  private AgentHttpServer server;
  private ToolExecutor toolExecutor;
  private long seed;

  /** @param port the port to listen on, or 0 for an ephemeral one (see {@link #port()}) */
  public SampleAgentApp(int port) {
    this.requestedPort = port;
  }

  /**
   * Initializes the components, registers the services and starts the HTTP server; returns once
   * the server is listening.
   *
   * @throws IllegalStateException if already started
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    ConfigComponent config = new ConfigComponent();
    ToolRegistryComponent tools = new ToolRegistryComponent(config);
    ProviderPoolComponent providers = new ProviderPoolComponent(config);
    CacheComponent cache = new CacheComponent(config, tools);
    for (Component component : List.of(config, tools, providers, cache)) {
      component.initialize();
    }
    SERVICES.forEach(registry::register);

    AgentService agent =
        new AgentService(cache.selector(), providers.pool(), tools.tools(), tools.executor());
    try {
      server =
          AgentHttpServer.start(
              requestedPort, agent, config.knobs(), config.seed(), new Stress(tools.executor()));
    } catch (IOException e) {
      tools.executor().close();
      throw new UncheckedIOException("cannot listen on port " + requestedPort, e);
    }
    toolExecutor = tools.executor();
    seed = config.seed();
  }

  /**
   * Returns the port the server listens on.
   *
   * @throws IllegalStateException if not started
   */
  public synchronized int port() {
    return running().port();
  }

  /** Returns a load generator aimed at this server, seeded by {@code sample.seed}. */
  public synchronized LoadGenerator loadGenerator() {
    return new LoadGenerator(running().uri(), seed);
  }

  /** Stops the server and the tool executor. Does nothing if not started or already stopped. */
  public synchronized void stop() {
    if (server != null) {
      server.stop();
      toolExecutor.close();
      server = null;
    }
  }

  private AgentHttpServer running() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server;
  }

  public static void main(String[] args) {
    Options options = Options.parse(args);
    SampleAgentApp app = new SampleAgentApp(options.port);
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "sample-agent-shutdown"));
    app.start();
    System.out.println("LISTENING port=" + app.port());
    System.out.flush();

    if (options.duration != null || options.load > 0) {
      LoadGenerator generator = app.loadGenerator();
      LoadGenerator.Result result =
          options.duration != null
              ? generator.runFor(options.duration, options.concurrency)
              : generator.run(options.load, options.concurrency);
      System.out.println(
          "LOAD DONE requests=" + result.requests() + " ok=" + result.ok() + " failed=" + result.failed());
      System.out.flush();
    }
    if (options.exitAfterLoad) {
      System.exit(0);
    }
  }

  /** The command line; {@code duration}, when given, takes precedence over {@code load}. */
  private record Options(
      int port, int load, int concurrency, Duration duration, boolean exitAfterLoad) {

    static Options parse(String[] args) {
      int port = 8080;
      int load = 0;
      int concurrency = 4;
      Duration duration = null;
      boolean exitAfterLoad = false;
      for (String arg : args) {
        int equals = arg.indexOf('=');
        String value = equals < 0 ? "" : arg.substring(equals + 1);
        switch (equals < 0 ? arg : arg.substring(0, equals)) {
          case "--port" -> port = integer(arg, value, 0);
          case "--load" -> load = integer(arg, value, 0);
          case "--concurrency" -> concurrency = integer(arg, value, 1);
          case "--duration" -> duration = Duration.ofSeconds(integer(arg, value, 1));
          case "--exit-after-load" -> exitAfterLoad = true;
          default -> throw new IllegalArgumentException(
              "unknown argument " + arg + "; usage: [--port=N] [--load=N | --duration=SECONDS]"
                  + " [--concurrency=C] [--exit-after-load]");
        }
      }
      return new Options(port, load, concurrency, duration, exitAfterLoad);
    }

    private static int integer(String arg, String value, int min) {
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= min) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(arg + ": expected an integer of at least " + min);
    }
  }
}
