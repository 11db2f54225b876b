package ai.victor.sample.provider;

/** A large-language-model backend that answers chat requests. Implementations must be thread-safe. */
public interface LlmProvider {

  /** Returns the provider's name, e.g. {@code "openai"}. */
  String name();

  /** Returns the model this provider answers with, e.g. {@code "gpt-4o"}. */
  String model();

  /** Returns the host of the provider's API, e.g. {@code "api.openai.com"}. */
  default String host() {
    return "localhost";
  }

  /** Returns the port of the provider's API. */
  default int port() {
    return 443;
  }

  /**
   * Receives one chunk of a streamed answer while {@link #complete} runs: a provider that streams
   * calls it per chunk, as a client reads server-sent events; here the text goes nowhere.
   */
  default void chunk(String text) {}

  /**
   * Answers the request.
   *
   * @throws ProviderException if the provider rejected the request, failed or did not answer in
   *     time; the subclass tells which, and whether another provider might succeed
   */
  Completion complete(ChatRequest request) throws ProviderException;
}
