package org.springframework.ai.chat.cache.semantic;

import java.time.Duration;
import java.util.Optional;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * A stand-in for Spring AI 2.0's {@code SemanticCache} (module spring-ai-redis-semantic-cache,
 * which the registry here does not serve): the same name and the same methods as in 2.0.1,
 * default methods included, so that the module's matchers and advice meet what they meet in an
 * application. Spring AI's own implementation (a Redis vector store behind it) cannot run here.
 */
public interface SemanticCache {

  void set(String query, ChatResponse response);

  default void set(String query, ChatResponse response, String contextHash) {
    set(query, response);
  }

  void set(String query, ChatResponse response, Duration ttl);

  Optional<ChatResponse> get(String query);

  default Optional<ChatResponse> get(String query, String contextHash) {
    return get(query);
  }

  void clear();

  VectorStore getStore();
}
