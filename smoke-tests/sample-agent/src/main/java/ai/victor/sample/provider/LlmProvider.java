package ai.victor.sample.provider;

/** A large-language-model backend that answers chat requests. Implementations must be thread-safe. */
public interface LlmProvider {

  /** Returns the provider's name, e.g. {@code "openai"}. */
  String name();

  /** Returns the model this provider answers with, e.g. {@code "gpt-4o"}. */
  String model();

  /**
   * Answers the request.
   *
   * @throws ProviderException if the provider rejected the request, failed or did not answer in
   *     time; the subclass tells which, and whether another provider might succeed
   */
  Completion complete(ChatRequest request) throws ProviderException;
}
