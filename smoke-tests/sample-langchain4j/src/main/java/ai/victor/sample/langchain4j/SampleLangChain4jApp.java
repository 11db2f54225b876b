package ai.victor.sample.langchain4j;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.search.simple.SimpleToolSearchStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small LangChain4j travel assistant: questions go through a Caffeine answer cache to an AI
 * service whose tools a tool provider selects per question; a second AI service finds its tools
 * through tool search; one answer is also streamed; an agentic workflow plans a trip. It talks
 * to any OpenAI-compatible endpoint ({@code --base-url}), in the tests and the run script the fake
 * provider. It prints {@code LANGCHAIN4J DONE ...} when its questions are answered, then stays up
 * (so that metrics can be scraped) unless {@code --exit} is given.
 *
 * <pre>java -jar victor-otel-sample-langchain4j.jar --base-url=http://127.0.0.1:8089/v1
 *     [--model=gpt-4o-mini] [--questions=24] [--exit]</pre>
 */
public final class SampleLangChain4jApp {
  private static final List<String> QUESTIONS = List.of(
      "What is the weather in Paris?",
      "Which exchangeRate applies from EUR to USD?",
      "What is the flightStatus of AF123, and the weather in Rome?",
      "Tell me something nice about Lisbon.",
      "What is the flightStatus of LH456?",
      "Weather and exchangeRate for a trip to Tokyo?");

  private SampleLangChain4jApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = option(args, "base-url", "http://127.0.0.1:8089/v1");
    String model = option(args, "model", "gpt-4o-mini");
    int questions = Integer.parseInt(option(args, "questions", "24"));
    boolean exit = List.of(args).contains("--exit");

    OpenAiChatModel chatModel = OpenAiChatModel.builder()
        .baseUrl(baseUrl).apiKey("sample-key").modelName(model)
        .timeout(Duration.ofSeconds(10)).maxRetries(1).build();
    TravelAssistant assistant = AiServices.builder(TravelAssistant.class)
        .chatModel(chatModel)
        .toolProvider(new KeywordToolProvider(new TravelTools()))
        .build();
    Cache<String, String> answers = Caffeine.newBuilder()
        .maximumSize(100)
        .expireAfterWrite(Duration.ofMinutes(10))
        .recordStats()
        .build();

    int failures = 0;
    for (int i = 0; i < questions; i++) {
      String question = QUESTIONS.get(i % QUESTIONS.size());
      try {
        String answer = answers.get(question, assistant::answer);
        System.out.println("Q: " + question + "\nA: " + answer);
      } catch (RuntimeException e) {
        failures++;
        System.out.println("Q: " + question + "\nfailed: " + e);
      }
    }
    ToolFinder finder = AiServices.builder(ToolFinder.class)
        .chatModel(chatModel)
        .tools(new TravelTools())
        .toolSearchStrategy(new SimpleToolSearchStrategy())
        .build();
    System.out.println("Found: " + finder.find("Use the tool_search_tool to find a weather tool."));
    String streamed = stream(baseUrl, model, "Stream a short greeting for travellers.");
    System.out.println("Streamed: " + streamed);
    System.out.println("Trip: " + TripAgents.planner(chatModel).plan("Lisbon"));
    System.out.println("LANGCHAIN4J DONE questions=" + questions + " failures=" + failures
        + " cache=" + answers.stats());
    if (exit) {
      return;
    }
    Thread.currentThread().join();
  }

  private static String stream(String baseUrl, String model, String prompt) throws Exception {
    OpenAiStreamingChatModel streamingModel = OpenAiStreamingChatModel.builder()
        .baseUrl(baseUrl).apiKey("sample-key").modelName(model)
        .timeout(Duration.ofSeconds(10)).build();
    CompletableFuture<String> done = new CompletableFuture<>();
    streamingModel.chat(prompt, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partialResponse) {}

      @Override
      public void onCompleteResponse(ChatResponse completeResponse) {
        done.complete(completeResponse.aiMessage().text());
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  private static String option(String[] args, String name, String fallback) {
    String prefix = "--" + name + "=";
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        return arg.substring(prefix.length());
      }
    }
    return fallback;
  }
}
