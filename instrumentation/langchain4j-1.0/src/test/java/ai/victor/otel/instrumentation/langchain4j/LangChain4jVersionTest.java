package ai.victor.otel.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The same tests run against the oldest and the newest supported LangChain4j: this checks that
 * the run really has the version the build meant it to have.
 */
class LangChain4jVersionTest {
  @Test
  void theExpectedLangChain4jIsOnTheClassPath() throws Exception {
    Properties properties = new Properties();
    try (InputStream in = ChatModel.class.getClassLoader().getResourceAsStream(
        "META-INF/maven/dev.langchain4j/langchain4j-core/pom.properties")) {
      assertThat(in).isNotNull();
      properties.load(in);
    }
    assertThat(properties.getProperty("version"))
        .isEqualTo(System.getProperty("victor.langchain4j.expected"));
  }
}
