package ai.victor.sample.webapps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import jdk.jfr.Recording;

/**
 * An application server in miniature: deploys "webapps" (this jar's {@code app} package and the
 * libraries in {@code webapp-lib/}), each in a class loader of its own that does not delegate to
 * the class path, runs commands in them, and drops them again, keeping only a weak reference to
 * each dropped loader so that a test can see whether it was collected.
 *
 * <p>Driven over loopback HTTP ({@code LISTENING port=N} on stdout); every answer is a flat JSON
 * object of numbers:
 *
 * <ul>
 *   <li>{@code /deploy?name=A}, {@code /undeploy?name=A}, {@code /call?name=A&cmd=...} (the
 *       webapp's commands, see {@code app.Webapp});
 *   <li>{@code /collect?seconds=S}: runs the GC until every dropped loader is collected or S
 *       seconds have passed; then the JVM figures below;
 *   <li>{@code /jvm}: heap used after GC, metaspace used, loaded and unloaded classes;
 *   <li>{@code /jfr/start}, {@code /jfr/stop?file=F}: a flight recording of monitor waits over
 *       1 ms (with stacks), written to F.
 * </ul>
 */
public final class Host {
  private static final Map<String, Deployed> DEPLOYED = new ConcurrentHashMap<>();
  private static final List<WeakReference<ClassLoader>> DROPPED = new ArrayList<>();
  private static volatile Recording recording;

  private Host() {}

  private record Deployed(URLClassLoader loader, Function<String, String> app) {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", Host::handle);
    server.start();
    System.out.println("LISTENING port=" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String answer;
    int status = 200;
    try {
      answer = answer(exchange.getRequestURI().getPath(),
          query(exchange.getRequestURI().getRawQuery()));
    } catch (Throwable t) {
      t.printStackTrace();
      status = 500;
      answer = String.valueOf(t);
    }
    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String answer(String path, Map<String, String> query) throws Exception {
    switch (path) {
      case "/deploy": {
        String name = query.get("name");
        URLClassLoader loader = new URLClassLoader("webapp-" + name, webappUrls(),
            ClassLoader.getPlatformClassLoader());
        @SuppressWarnings("unchecked")
        Function<String, String> app = (Function<String, String>) loader
            .loadClass("ai.victor.sample.webapps.app.Webapp").getConstructor().newInstance();
        DEPLOYED.put(name, new Deployed(loader, app));
        return "{\"deployed\":1}";
      }
      case "/call":
        return DEPLOYED.get(query.get("name")).app.apply(query.get("cmd"));
      case "/undeploy": {
        Deployed deployed = DEPLOYED.remove(query.get("name"));
        deployed.app.apply("close");
        deployed.loader.close();
        synchronized (DROPPED) {
          DROPPED.add(new WeakReference<>(deployed.loader));
        }
        return "{\"undeployed\":1}";
      }
      case "/collect":
        return collect(Duration.ofSeconds(Long.parseLong(query.getOrDefault("seconds", "30"))));
      case "/jvm":
        return jvm(0, 0);
      case "/jfr/start": {
        Recording started = new Recording();
        started.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1))
            .withStackTrace();
        started.start();
        recording = started;
        return "{\"recording\":1}";
      }
      case "/jfr/stop": {
        Recording stopped = recording;
        stopped.stop();
        stopped.dump(Path.of(query.get("file")));
        stopped.close();
        return "{\"recording\":0}";
      }
      default:
        throw new IllegalArgumentException("unknown path " + path);
    }
  }

  /** Collects until every dropped loader is gone or the time is up; then the JVM figures. */
  private static String collect(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int dropped;
    int collected;
    while (true) {
      System.gc();
      dropped = 0;
      collected = 0;
      synchronized (DROPPED) {
        for (WeakReference<ClassLoader> loader : DROPPED) {
          dropped++;
          collected += loader.get() == null ? 1 : 0;
        }
      }
      if (collected == dropped || System.nanoTime() - deadline > 0) {
        break;
      }
      // The extension's weak tables let go of a dropped webapp's objects when the GC clears
      // them; its gauge registry at the next metric collection (every second in the tests).
      Thread.sleep(200);
    }
    return jvm(dropped, collected);
  }

  private static String jvm(int dropped, int collected) {
    System.gc();
    System.gc();
    Map<String, Long> figures = new LinkedHashMap<>();
    figures.put("dropped", (long) dropped);
    figures.put("collected", (long) collected);
    figures.put("heapUsedAfterGc",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    long metaspace = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if ("Metaspace".equals(pool.getName())) {
        metaspace = pool.getUsage().getUsed();
      }
    }
    figures.put("metaspaceUsed", metaspace);
    figures.put("classesLoaded",
        (long) ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    figures.put("classesUnloaded",
        ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount());
    figures.put("threads", (long) ManagementFactory.getThreadMXBean().getThreadCount());
    StringBuilder json = new StringBuilder("{");
    figures.forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
        .append('"').append(key).append("\":").append(value));
    return json.append('}').toString();
  }

  /** This jar (the webapp's classes) and every jar in {@code webapp-lib/} beside it. */
  private static URL[] webappUrls() throws Exception {
    File self = new File(Host.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    File[] libraries = new File(self.getParentFile(), "webapp-lib").listFiles(
        (dir, name) -> name.endsWith(".jar"));
    List<URL> urls = new ArrayList<>();
    urls.add(self.toURI().toURL());
    for (File library : libraries) {
      urls.add(library.toURI().toURL());
    }
    return urls.toArray(new URL[0]);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }
}
