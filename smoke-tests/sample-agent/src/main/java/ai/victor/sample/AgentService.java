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
 *
 * <p>Every other chat streams its answer, as chat front ends do; chats are made for three tenants
 * in turn (the sample's customers). A model that calls the same tool with the same arguments a
 * third time in a row is stuck in a loop: the chat stops with a {@link ToolLoopException} instead
 * of running the tool again, as agent frameworks' iteration limits do.
 */
public final class AgentService {

  private static final List<String> TENANTS = List.of("acme", "globex", "initech");
  /** Identical consecutive tool calls after which the chat is stopped. */
  private static final int MAX_IDENTICAL_CALLS = 3;

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
   * @throws ToolLoopException if the model called one tool with the same arguments too often in a
   *     row
   */
  public ChatResult chat(String prompt, String context) throws ProviderException {
    ToolSelection selection = selector.select(prompt, context);
    long number = requestCount.incrementAndGet();
    String requestId = "req-" + number;
    Completion completion = providers.complete(new ChatRequest(requestId, prompt,
        selection.tools(), number % 2 == 0, TENANTS.get((int) (number % TENANTS.size())), context));
    List<ToolOutcome> outcomes = new ArrayList<>();
    String previous = null;
    int identical = 0;
    for (String name : completion.toolCalls()) {
      // Every call's arguments are the prompt: the same tool is the same call.
      identical = name.equals(previous) ? identical + 1 : 1;
      previous = name;
      if (identical == MAX_IDENTICAL_CALLS) {
        throw new ToolLoopException(requestId, name, identical);
      }
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
