package ai.victor.sample.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * A trip planner built with langchain4j-agentic: a sequence of a research agent and a parallel
 * step in which a packing and a budget adviser work at once.
 */
public final class TripAgents {
  private TripAgents() {}

  public interface TripPlanner {
    @Agent(name = "planTrip", value = "Plans a trip")
    String plan(@V("destination") String destination);
  }

  public interface Advice {
    @Agent(name = "advice", value = "Packing and budget advice at once")
    String advise(@V("destination") String destination);
  }

  public interface Researcher {
    @UserMessage("Research {{destination}} for a trip.")
    @Agent(value = "Researches a destination", outputKey = "research")
    String research(@V("destination") String destination);
  }

  public interface PackingAdviser {
    @UserMessage("What should I pack for {{destination}}?")
    @Agent(value = "Says what to pack", outputKey = "packing")
    String pack(@V("destination") String destination);
  }

  public interface BudgetAdviser {
    @UserMessage("Give a daily budget for {{destination}}.")
    @Agent(value = "Estimates a budget", outputKey = "budget")
    String budget(@V("destination") String destination);
  }

  static TripPlanner planner(ChatModel model) {
    Advice advice = AgenticServices.parallelBuilder(Advice.class)
        .subAgents(agent(PackingAdviser.class, model), agent(BudgetAdviser.class, model))
        .build();
    return AgenticServices.sequenceBuilder(TripPlanner.class)
        .subAgents(agent(Researcher.class, model), advice)
        .output(scope -> scope.readState("research", "") + " | " + scope.readState("packing", "")
            + " | " + scope.readState("budget", ""))
        .build();
  }

  private static <T> T agent(Class<T> type, ChatModel model) {
    return AgenticServices.agentBuilder(type).chatModel(model).build();
  }
}
