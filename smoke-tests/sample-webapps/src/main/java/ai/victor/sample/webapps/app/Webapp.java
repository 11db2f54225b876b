package ai.victor.sample.webapps.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.method.MethodToolCallback;
import org.springframework.ai.tool.support.ToolDefinitions;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;

/**
 * One deployment of the webapp; the host calls {@link #apply} with a command and gets a flat JSON
 * object of numbers back (JDK types only cross the class-loader boundary). Commands:
 *
 * <ul>
 *   <li>{@code exercise}: every instrumented path once over: a configured cache and tool,
 *       Caffeine, a Spring cache and a transaction-aware decorator of it, a LangChain4j chat
 *       model and tool executor, a Spring AI chat model and tool callback;
 *   <li>{@code churn:T:N}: T threads create and call, between them, N new Spring AI tool
 *       callbacks, N new Spring cache decorators and N new configured tools, as applications
 *       that build them per request do;
 *   <li>{@code sizes:N}: keeps a configured cache and a Caffeine cache of N entries each, both in
 *       namespace {@value Shared#NAMESPACE};
 *   <li>{@code attack:P:N}: N configured tools of N distinct names starting with P, one call
 *       each;
 *   <li>{@code close}: lets go of everything.
 * </ul>
 */
public final class Webapp implements Function<String, String> {
  static final String CHURN_TOOL = "churn_tool";
  static final String CHURN_CACHE = "churn";

  private final ToolDefinition lookup;
  private final Method lookupMethod;
  private final List<Object> held = new ArrayList<>();

  public Webapp() throws NoSuchMethodException {
    lookupMethod = SpringTools.class.getMethod("lookup");
    lookup = ToolDefinitions.from(lookupMethod);
  }

  @Override
  public String apply(String command) {
    String[] parts = command.split(":");
    try {
      switch (parts[0]) {
        case "exercise":
          return json(exercise());
        case "churn":
          return json(churn(Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        case "sizes":
          return json(sizes(Integer.parseInt(parts[1])));
        case "attack":
          return json(attack(parts[1], Integer.parseInt(parts[2])));
        case "close":
          held.clear();
          return "{}";
        default:
          throw new IllegalArgumentException("unknown command " + command);
      }
    } catch (Exception e) {
      throw new IllegalStateException(command + " failed", e);
    }
  }

  private Map<String, Long> exercise() throws Exception {
    int n = 20;
    AppCache configured = new AppCache("webapp");
    Cache<String, String> caffeine = Caffeine.newBuilder().maximumSize(100).build();
    ConcurrentMapCache spring = new ConcurrentMapCache("webapp-spring");
    TransactionAwareCacheDecorator decorated = new TransactionAwareCacheDecorator(spring);
    LocalLangChainModel langChainModel = new LocalLangChainModel();
    DefaultToolExecutor langChainTool = new DefaultToolExecutor(new LangChainTools(),
        LangChainTools.class.getMethod("weather"));
    LocalSpringModel springModel = new LocalSpringModel();
    long found = 0;
    for (int i = 0; i < n; i++) {
      String key = "k" + i;
      configured.put(key, "v");
      found += configured.get(key) == null ? 0 : 1;
      caffeine.put(key, "v");
      found += caffeine.getIfPresent(key) == null ? 0 : 1;
      spring.put(key, "v");
      found += decorated.get(key) == null ? 0 : 1;
      new AppTool("webapp_tool").execute(key);
      langChainModel.chat("hello " + i);
      langChainTool.execute(ToolExecutionRequest.builder().id("call-" + i).name("weather")
          .arguments("{}").build(), "memory");
      springModel.call(new Prompt("hello " + i));
      callback().call("{}");
    }
    Map<String, Long> done = new LinkedHashMap<>();
    done.put("calls", (long) n);
    done.put("found", found);
    return done;
  }

  private MethodToolCallback callback() {
    return MethodToolCallback.builder().toolDefinition(lookup).toolMethod(lookupMethod)
        .toolObject(new SpringTools()).build();
  }

  private Map<String, Long> churn(int threads, int perKind) throws Exception {
    ConcurrentMapCache shared = new ConcurrentMapCache(CHURN_CACHE);
    for (int i = 0; i < 512; i++) {
      shared.put("k" + i, "v");
    }
    AtomicLong next = new AtomicLong();
    AtomicLong callbacks = new AtomicLong();
    AtomicLong hits = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    AtomicLong tools = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(pool.submit(() -> {
          for (long i = next.getAndIncrement(); i < perKind; i = next.getAndIncrement()) {
            callback().call("{}");
            callbacks.incrementAndGet();
            if (new TransactionAwareCacheDecorator(shared).get("k" + (i & 1023)) != null) {
              hits.incrementAndGet();
            } else {
              misses.incrementAndGet();
            }
            new AppTool(CHURN_TOOL).execute("x");
            tools.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> thread : running) {
        thread.get();
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    long nanos = System.nanoTime() - start;
    Map<String, Long> done = new LinkedHashMap<>();
    done.put("callbacks", callbacks.get());
    done.put("hits", hits.get());
    done.put("misses", misses.get());
    done.put("tools", tools.get());
    done.put("millis", nanos / 1_000_000);
    done.put("callsPerSecond", (callbacks.get() + hits.get() + misses.get() + tools.get())
        * 1_000_000_000L / Math.max(1, nanos));
    return done;
  }

  private Map<String, Long> sizes(int entries) {
    AppCache configured = new AppCache(Shared.NAMESPACE);
    Cache<String, String> caffeine = Shared.caffeine();
    for (int i = 0; i < entries; i++) {
      configured.put("k" + i, "v");
      caffeine.put("k" + i, "v");
    }
    configured.get("k0"); // the first call registers the instance for the gauges
    caffeine.cleanUp();
    held.add(configured);
    held.add(caffeine);
    Map<String, Long> done = new LinkedHashMap<>();
    done.put("configured", (long) configured.size());
    done.put("caffeine", caffeine.estimatedSize());
    return done;
  }

  private Map<String, Long> attack(String prefix, int names) {
    for (int i = 0; i < names; i++) {
      new AppTool(prefix + i).execute("x");
    }
    Map<String, Long> done = new LinkedHashMap<>();
    done.put("tools", (long) names);
    return done;
  }

  private static String json(Map<String, Long> figures) {
    StringBuilder json = new StringBuilder("{");
    figures.forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
        .append('"').append(key).append("\":").append(value));
    return json.append('}').toString();
  }
}
