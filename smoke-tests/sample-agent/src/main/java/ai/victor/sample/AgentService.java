package ai.victor.sample;

import ai.victor.sample.ChatResult.Status;
import ai.victor.sample.ChatResult.ToolOutcome;
import ai.victor.sample.provider.ChatRequest;
import ai.victor.sample.provider.Completion;
import ai.victor.sample.provider.ProviderException;
import ai.victor.sample.provider.ProviderPool;
import ai.victor.sample.tools.Tool;
import ai.victor.sample.tools.ToolExecutionException;
import ai.victor.sample.tools.ToolExecutor;
import ai.victor.sample.tools.ToolResult;
import ai.victor.sample.tools.ToolSelection;
import ai.victor.sample.tools.ToolSelector;
import ai.victor.sample.tools.ToolTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handles one chat turn the way a tool-using agent does: choose the tools to offer, ask a model,
 * then run the tools the model called.
 *
 * <p>Only a failure of every provider fails the chat; a failing tool is reported in the result,
 * since the answer is still useful and a real agent would pass the error back to the model.
 * Thread-safe.
 */
public final class AgentService {

  private final ToolSelector selector;
  private final ProviderPool providers;
  private final Map<String, Tool> tools;
  private final ToolExecutor executor;
  private final AtomicLong requestCount = new AtomicLong();

  /**
   * @param tools the tools by name; must contain every tool the selector may choose
   */
  public AgentService(
      ToolSelector selector, ProviderPool providers, Map<String, Tool> tools, ToolExecutor executor) {
    this.selector = selector;
    this.providers = providers;
    this.tools = Map.copyOf(tools);
    this.executor = executor;
  }

  /**
   * Handles one chat.
   *
   * @param prompt the user's prompt; it also serves as the arguments of every tool call
   * @param context the conversation context, or null if there is none
   * @throws ProviderException if every provider failed; the last provider's failure
   */
  public ChatResult chat(String prompt, String context) throws ProviderException {
    ToolSelection selection = selector.select(prompt, context);
    String requestId = "req-" + requestCount.incrementAndGet();
    Completion completion =
        providers.complete(new ChatRequest(requestId, prompt, selection.tools()));
    List<ToolOutcome> outcomes = new ArrayList<>();
    for (String name : completion.toolCalls()) {
      outcomes.add(call(name, prompt));
    }
    return new ChatResult(requestId, selection, completion, outcomes);
  }

  private ToolOutcome call(String name, String arguments) {
    Tool tool = tools.get(name);
    if (tool == null) {
      // Models do call tools they were not offered; tell, don't crash.
      return new ToolOutcome(name, Status.FAILED, "no such tool");
    }
    try {
      ToolResult result = executor.execute(tool, arguments);
      return new ToolOutcome(name, result.isError() ? Status.SOFT_ERROR : Status.OK, result.output());
    } catch (ToolTimeoutException e) {
      return new ToolOutcome(name, Status.TIMEOUT, e.getMessage());
    } catch (ToolExecutionException e) {
      return new ToolOutcome(name, Status.FAILED, e.getMessage());
    }
  }
}
