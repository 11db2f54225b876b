package ai.victor.otel.instrumentation.langchain4j.agentic.app;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * The agents of the test's agentic systems, as an application declares them: AI agents (an
 * interface per agent) and one plain Java agent. They all read only {@code topic}, which the
 * workflow's caller writes, so the same systems run on every langchain4j-agentic release (output
 * keys changed their name along the way).
 */
public final class StoryAgents {
  private StoryAgents() {}

  public interface Writer {
    @UserMessage("Write a one-line story about {{topic}}")
    @Agent("Writes a one-line story")
    String write(@V("topic") String topic);
  }

  public interface Critic {
    @UserMessage("Criticise a story about {{topic}}")
    @Agent("Criticises a story")
    String critique(@V("topic") String topic);
  }

  public interface Translator {
    @UserMessage("Translate a story about {{topic}}")
    @Agent("Translates a story")
    String translate(@V("topic") String topic);
  }

  /** Workflows' own interfaces: what the application, or the enclosing workflow, calls. */
  public interface StoryWorkflow {
    @Agent(name = "storyWorkflow", value = "Writes, reviews and counts a story")
    String write(@V("topic") String topic);
  }

  public interface Review {
    @Agent(name = "review", value = "Criticises and translates a story at once")
    String review(@V("topic") String topic);
  }

  public interface Drafts {
    @Agent(name = "drafts", value = "Writes drafts")
    String write(@V("topic") String topic);
  }

  public interface Route {
    @Agent(name = "route", value = "Writes or criticises, as the scope says")
    String route(@V("topic") String topic);
  }

  public interface Editor {
    @Agent(name = "editor", value = "Has the right agent write")
    String edit(@V("request") String request);
  }

  /** An agent without a model: plain Java. */
  public static final class WordCounter {
    @Agent("Counts the words of the topic")
    public int count(@V("topic") String topic) {
      return topic.split("\\s+").length;
    }
  }

  /** A plain Java agent whose first call fails: what a workflow's error handler retries. */
  public static final class Flaky {
    private int calls;

    @Agent("Checks the topic, failing the first time")
    public String check(@V("topic") String topic) {
      if (++calls == 1) {
        throw new IllegalStateException("the first check fails");
      }
      return topic;
    }

    public int calls() {
      return calls;
    }
  }
}
