package ai.victor.sample.caches;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.springframework.cache.caffeine.CaffeineCacheManager;

/**
 * Uses each cache library once, the ordinary way, with a fixed workload whose counts the caches
 * smoke test knows, prints {@code WORKLOAD DONE}, then stays up (so the agent keeps exporting)
 * until killed or, with {@code --exit}, exits.
 *
 * <ul>
 *   <li>an embedding store on a plain Caffeine cache: 10 keys read three times through a loader
 *       (10 misses and loads, 20 hits);
 *   <li>a Caffeine cache of capacity 5 that receives 20 entries (evictions, cause size);
 *   <li>Spring's "prompts" cache from a {@code CaffeineCacheManager}: 5 misses, 5 puts, 10 hits,
 *       5 loads through {@code get(key, loader)} (5 more misses);
 *   <li>a JCache "sessions" of Caffeine's provider: 5 puts, 5 hits, 2 misses, 1 removal.
 * </ul>
 */
public final class CachesSampleApp {
  private CachesSampleApp() {}

  public static void main(String[] args) throws Exception {
    EmbeddingStore embeddings = new EmbeddingStore();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 10; i++) {
        embeddings.embedding("doc-" + i);
      }
    }

    Cache<Integer, Integer> small = Caffeine.newBuilder().maximumSize(5)
        .executor(Runnable::run).build();
    for (int i = 0; i < 20; i++) {
      small.put(i, i);
    }
    small.cleanUp();

    CaffeineCacheManager springCaches = new CaffeineCacheManager("prompts");
    org.springframework.cache.Cache prompts = springCaches.getCache("prompts");
    AtomicInteger rendered = new AtomicInteger();
    for (int i = 0; i < 5; i++) {
      if (prompts.get("prompt-" + i) == null) {
        prompts.put("prompt-" + i, "rendered prompt " + i);
      }
      prompts.get("prompt-" + i);
      prompts.get("prompt-" + i);
      prompts.get("template-" + i, () -> "template " + rendered.incrementAndGet());
    }

    CacheManager jcache = Caching.getCachingProvider(
        "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider").getCacheManager();
    javax.cache.Cache<String, String> sessions =
        jcache.createCache("sessions", new MutableConfiguration<String, String>());
    for (int i = 0; i < 5; i++) {
      sessions.put("session-" + i, "user-" + i);
      sessions.get("session-" + i);
    }
    sessions.get("session-expired-1");
    sessions.get("session-expired-2");
    sessions.remove("session-0");

    System.out.println("WORKLOAD DONE embeddings=" + embeddings.size() + " small="
        + small.estimatedSize() + " templates=" + rendered.get());
    System.out.flush();
    if (args.length > 0 && args[0].equals("--exit")) {
      jcache.close();
      return;
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A plain Caffeine cache nobody names: victor names it after this class. */
  static final class EmbeddingStore {
    private final Cache<String, float[]> cache = Caffeine.newBuilder().maximumSize(1_000).build();

    float[] embedding(String document) {
      return cache.get(document, d -> new float[] {d.length(), d.hashCode()});
    }

    long size() {
      return cache.estimatedSize();
    }
  }
}
