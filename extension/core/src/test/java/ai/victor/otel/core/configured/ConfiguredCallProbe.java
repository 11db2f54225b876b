package ai.victor.otel.core.configured;

import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import ai.victor.otel.core.recording.Telemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.context.Context;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * A probe run by hand, not a test (issue 17): CPU time and bytes per configured tool call and
 * provider call, as the advice records them, on core's test SDK with ended spans dropped; the
 * fastest of {@code ROUNDS} rounds, tool and provider interleaved. Run:
 * {@code java -cp <core test classpath> ai.victor.otel.core.configured.ConfiguredCallProbe}.
 */
public final class ConfiguredCallProbe {
  private static final int ROUNDS = 30;
  private static final int CALLS = 20_000;

  private ConfiguredCallProbe() {}

  public static void main(String[] args) {
    Map<String, String> settings = new HashMap<>();
    String[] pairs = {
        "victor.otel.targets", "tool,llm",
        "victor.otel.target.tool.role", "tool",
        "victor.otel.target.tool.type", SpanAllocationTest.Executor.class.getName(),
        "victor.otel.target.tool.methods", "execute",
        "victor.otel.target.tool.tool", "arg0.name()",
        "victor.otel.target.tool.failed", "result.isError()",
        "victor.otel.target.tool.arguments", "arg1",
        "victor.otel.target.tool.result", "result.output()",
        "victor.otel.target.llm.role", "provider",
        "victor.otel.target.llm.type", AccessorLookupsTest.Provider.class.getName(),
        "victor.otel.target.llm.methods", "chat",
        "victor.otel.target.llm.provider", "const:openai",
        "victor.otel.target.llm.model", "arg0.model()",
        "victor.otel.target.llm.input-tokens", "result.inputTokens()",
        "victor.otel.target.llm.output-tokens", "result.outputTokens()",
        "victor.otel.target.llm.response-model", "result.model()",
        "victor.otel.target.llm.finish-reason", "result.finishReason()"};
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put(pairs[i], pairs[i + 1]);
    }
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(InMemoryMetricReader.create()).build())
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new Dropping()).build())
        .build();
    Telemetry telemetry = Telemetry.create(sdk, VictorConfig.load(ConfigSource.of(settings)));
    ToolCalls tools = ToolCalls.create(telemetry);
    ProviderCalls providers = ProviderCalls.create(telemetry);
    SpanAllocationTest.Executor executor = new SpanAllocationTest.Executor();
    SpanAllocationTest.Tool tool = new SpanAllocationTest.Tool();
    SpanAllocationTest.Result result = new SpanAllocationTest.Result();
    AccessorLookupsTest.Provider provider = new AccessorLookupsTest.Provider();
    AccessorLookupsTest.Request request = new AccessorLookupsTest.Request();
    AccessorLookupsTest.Response response = new AccessorLookupsTest.Response();
    Runnable toolCall = () -> {
      Object call = tools.enter(SpanAllocationTest.Executor.class, executor, tool, "{}", null,
          null);
      tools.exit(call, executor, result, null, tool, "{}", null, null);
    };
    Runnable providerCall = () -> {
      Object call = providers.enter(AccessorLookupsTest.Provider.class, provider, request, null,
          null, null);
      providers.exit(call, provider, response, null, request, null, null, null);
    };
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
    long[] bytes = new long[2];
    Runnable[] ops = {toolCall, providerCall};
    for (int round = 0; round < ROUNDS; round++) {
      for (int op = 0; op < 2; op++) {
        long[] measured = measure(ops[op]);
        best[op] = Math.min(best[op], measured[0]);
        bytes[op] = measured[1];
      }
    }
    System.out.printf("configured tool call %d ns CPU, %d B; provider call %d ns CPU, %d B"
        + " (fastest of %d rounds of %d; load %.2f)%n", best[0], bytes[0], best[1], bytes[1],
        ROUNDS, CALLS, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (Context.current() != Context.root()) {
      throw new IllegalStateException("a context leaked");
    }
  }

  /** CPU ns and bytes per call of one round on this thread. */
  private static long[] measure(Runnable op) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long bytes = threads.getThreadAllocatedBytes(thread);
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < CALLS; i++) {
      op.run();
    }
    cpu = threads.getCurrentThreadCpuTime() - cpu;
    bytes = threads.getThreadAllocatedBytes(thread) - bytes;
    return new long[] {cpu / CALLS, Math.round((double) bytes / CALLS)};
  }

  /** Drops ended spans: the export's snapshot is not the call's cost. */
  private static final class Dropping implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
