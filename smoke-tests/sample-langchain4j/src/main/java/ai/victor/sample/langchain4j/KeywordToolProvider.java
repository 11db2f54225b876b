package ai.victor.sample.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tool selection: offers the model only the tools whose name the question mentions, as a real
 * application narrows a large tool set down before each request.
 */
final class KeywordToolProvider implements ToolProvider {
  private final Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();

  KeywordToolProvider(Object toolObject) {
    // by name, so that the tools are offered (and called) in a stable order
    Method[] methods = toolObject.getClass().getDeclaredMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method method : methods) {
      if (method.isAnnotationPresent(Tool.class)) {
        tools.put(ToolSpecifications.toolSpecificationFrom(method),
            new DefaultToolExecutor(toolObject, method));
      }
    }
  }

  @Override
  public ToolProviderResult provideTools(ToolProviderRequest request) {
    UserMessage message = request.userMessage();
    String text = message == null ? "" : message.singleText().toLowerCase(Locale.ROOT);
    ToolProviderResult.Builder result = ToolProviderResult.builder();
    tools.forEach((specification, executor) -> {
      if (text.contains(specification.name().toLowerCase(Locale.ROOT))) {
        result.add(specification, executor);
      }
    });
    return result.build();
  }
}
