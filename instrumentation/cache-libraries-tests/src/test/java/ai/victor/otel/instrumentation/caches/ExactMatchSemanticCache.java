package ai.victor.otel.instrumentation.caches;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.ai.chat.cache.semantic.SemanticCache;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.vectorstore.VectorStore;

/** An application's own semantic cache: exact matches only, enough for counting. */
final class ExactMatchSemanticCache implements SemanticCache {
  private final Map<String, ChatResponse> answers = new ConcurrentHashMap<>();
  private final VectorStore store;

  ExactMatchSemanticCache(VectorStore store) {
    this.store = store;
  }

  static ChatResponse answer(String text) {
    return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
  }

  @Override
  public void set(String query, ChatResponse response) {
    answers.put(query, response);
  }

  @Override
  public void set(String query, ChatResponse response, Duration ttl) {
    answers.put(query, response);
  }

  @Override
  public Optional<ChatResponse> get(String query) {
    return Optional.ofNullable(answers.get(query));
  }

  @Override
  public void clear() {
    answers.clear();
  }

  @Override
  public VectorStore getStore() {
    return store;
  }
}
