package ai.victor.otel.bench;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.service.V;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of a langchain4j-agentic workflow call: a typed sequence of three plain Java agents
 * (no model, so the call is LangChain4j's own orchestration and, on the extension side, four
 * {@code invoke_agent} spans: the workflow's and one per agent). Run it on the agent-alone side and
 * on the extension side ({@link Side#jvmArgs}); the difference divided by four is the extension's
 * cost per agent invocation. Prints {@code AGENTIC calls=N cpu-ns-per-workflow=...} for each of
 * {@code rounds} rounds after a warm-up.
 *
 * <pre>java &lt;options of the side&gt; -cp benchmarks/target/benchmarks.jar
 *     ai.victor.otel.bench.AgenticProbe [calls=20000] [rounds=5]</pre>
 */
public final class AgenticProbe {
  private static volatile Object sink;

  private AgenticProbe() {}

  public interface Pipeline {
    @Agent(name = "pipeline", value = "Three steps")
    String run(@V("topic") String topic);
  }

  public static final class Step {
    private final String name;

    Step(String name) {
      this.name = name;
    }

    @Agent("One step")
    public String step(@V("topic") String topic) {
      return name;
    }
  }

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Pipeline pipeline = AgenticServices.sequenceBuilder(Pipeline.class)
        .subAgents(new Step("a"), new Step("b"), new Step("c"))
        .build();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < calls; i++) {
      sink = pipeline.run("warm-up");
    }
    for (int round = 0; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        sink = pipeline.run("topic");
      }
      long cpu = threads.getCurrentThreadCpuTime() - start;
      System.out.printf("AGENTIC side=%s calls=%d cpu-ns-per-workflow=%d%n",
          System.getProperty(Side.PROPERTY), calls, cpu / calls);
    }
  }
}
