package ai.victor.otel.instrumentation.caches;

import static ai.victor.otel.instrumentation.caches.ExactMatchSemanticCache.answer;
import static ai.victor.otel.instrumentation.caches.Exported.activeNamespaces;
import static ai.victor.otel.instrumentation.caches.Exported.operations;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.instrumentation.testing.junit.AgentInstrumentationExtension;
import io.opentelemetry.instrumentation.testing.junit.InstrumentationExtension;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.cache.semantic.SemanticCache;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's semantic caches in the cache series with no configuration, under the namespace
 * {@code semantic-cache}: an empty {@code Optional} is a miss. The {@code SemanticCache}
 * interface is a stand-in with 2.0.1's methods (see its javadoc); the implementations are an
 * application's own, which the module counts like Spring AI's.
 */
class SemanticCacheTest {
  private static final String NS = "semantic-cache";

  @RegisterExtension
  static final InstrumentationExtension testing = AgentInstrumentationExtension.create();

  @AfterEach
  void noExtensionFailures() {
    Exported.assertNoExtensionFailures(testing);
  }

  @Test
  void anEmptyOptionalIsAMissAndEachCallCountsOnce() {
    ExactMatchSemanticCache cache = new ExactMatchSemanticCache(null);

    assertThat(cache.get("weather in Paris?")).isEmpty(); // miss
    cache.set("weather in Paris?", answer("sunny")); // put
    assertThat(cache.get("weather in Paris?")).isPresent(); // hit
    // the interface's default methods delegate to the ones above: still one call each
    assertThat(cache.get("weather in Paris?", "system-prompt-hash")).isPresent(); // hit
    assertThat(cache.get("weather in Rome?", "system-prompt-hash")).isEmpty(); // miss
    cache.set("weather in Rome?", answer("rain"), "system-prompt-hash"); // put
    cache.set("weather in Oslo?", answer("snow"), Duration.ofMinutes(5)); // put
    cache.clear(); // invalidation

    assertThat(operations(testing, NS, "hit")).isEqualTo(2);
    assertThat(operations(testing, NS, "miss")).isEqualTo(2);
    assertThat(operations(testing, NS, "put")).isEqualTo(3);
    assertThat(operations(testing, NS, "invalidation")).isEqualTo(1);
    assertThat(activeNamespaces(testing)).containsExactly(NS);
  }

  /**
   * A semantic cache decorating another over the same vector store (the decorator's store is its
   * target's): the outer call counts, the inner one does not.
   */
  @Test
  void aDecoratorOverTheSameVectorStoreCountsOnce() {
    SemanticCache decorated = new Decorator(new ExactMatchSemanticCache(
        SimpleVectorStore.builder(new UnusedEmbeddings()).build()));

    assertThat(decorated.get("weather in Paris?")).isEmpty();
    decorated.set("weather in Paris?", answer("sunny"));
    assertThat(decorated.get("weather in Paris?")).isPresent();

    assertThat(operations(testing, NS, "miss")).isEqualTo(1);
    assertThat(operations(testing, NS, "put")).isEqualTo(1);
    assertThat(operations(testing, NS, "hit")).isEqualTo(1);
  }

  /** A decorator (logging, say) that passes every call to its target. */
  private static final class Decorator implements SemanticCache {
    private final SemanticCache target;

    Decorator(SemanticCache target) {
      this.target = target;
    }

    @Override
    public void set(String query, ChatResponse response) {
      target.set(query, response);
    }

    @Override
    public void set(String query, ChatResponse response, Duration ttl) {
      target.set(query, response, ttl);
    }

    @Override
    public Optional<ChatResponse> get(String query) {
      return target.get(query);
    }

    @Override
    public void clear() {
      target.clear();
    }

    @Override
    public VectorStore getStore() {
      return target.getStore();
    }
  }

  /** The vector store needs an embedding model; these tests never embed anything. */
  private static final class UnusedEmbeddings implements EmbeddingModel {
    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public float[] embed(Document document) {
      throw new UnsupportedOperationException("not used");
    }
  }
}
