package ai.victor.sample.provider;

import java.util.List;
import java.util.Objects;

/**
 * One chat completion request.
 *
 * @param requestId identifies the request across providers when the pool fails over
 * @param prompt the user's prompt
 * @param tools the names of the tools the model may call, as chosen by the tool selector
 * @param stream whether the answer is streamed in chunks
 * @param tenant the customer the request is made for, or null
 * @param conversation the conversation the request belongs to, or null
 */
public record ChatRequest(String requestId, String prompt, List<String> tools, boolean stream,
    String tenant, String conversation) {
  public ChatRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(prompt, "prompt");
    tools = List.copyOf(tools);
  }

  /** A request answered in one piece, for no tenant or conversation in particular. */
  public ChatRequest(String requestId, String prompt, List<String> tools) {
    this(requestId, prompt, tools, false, null, null);
  }
}
