package ai.victor.sample.provider;

import java.util.List;
import java.util.Objects;

/**
 * One chat completion request.
 *
 * @param requestId identifies the request across providers when the pool fails over
 * @param prompt the user's prompt
 * @param tools the names of the tools the model may call, as chosen by the tool selector
 */
public record ChatRequest(String requestId, String prompt, List<String> tools) {

  public ChatRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(prompt, "prompt");
    tools = List.copyOf(tools);
  }
}
