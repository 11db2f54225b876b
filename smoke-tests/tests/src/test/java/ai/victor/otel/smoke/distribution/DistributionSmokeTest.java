package ai.victor.otel.smoke.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.fake.openai.FakeOpenAiServer;
import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.MetricsView;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import ai.victor.otel.smoke.harness.OtlpValues;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one jar ({@code -javaagent:victor-otel-javaagent.jar}, no extensions flag) gives what the two
 * jars give ({@code -javaagent:opentelemetry-javaagent.jar
 * -Dotel.javaagent.extensions=victor-otel-extension.jar}): for the sample agent, the LangChain4j
 * sample and the Spring AI sample, the two forms run side by side with the same settings and the
 * same work, each exporting to its own receiver, and must export
 *
 * <ul>
 *   <li>the same victor and GenAI series: name, type, unit and every point's label set;
 *   <li>the same other metrics (the agent's own: JVM, HTTP), by name;
 *   <li>the same spans: scope, name, kind and attribute keys;
 *   <li>the same resource: attribute keys, service and distribution name;
 * </ul>
 *
 * and no extension failure. One test with six JVMs, the two forms of a sample at the same time,
 * so that the comparison costs CI one start per form and sample.
 *
 * <p>The sample agent's JVMs also show how each form loads the extension (their class-load logs):
 * the one jar's classes come out of the agent jar itself, none rewritten at load (the agent's
 * {@code RemappingUrlConnection}, which the two-jar form uses for every class of ours, is never
 * loaded) and nothing is unpacked or written to {@code java.io.tmpdir}.
 */
class DistributionSmokeTest {
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final List<String> AI_SERIES = List.of("victor.provider.latency_ms",
      "victor.tool.duration_ms", "gen_ai.client.operation.duration");

  private enum Form {
    TWO_JARS,
    ONE_JAR;

    ForkedApp.Builder attach(ForkedApp.Builder builder) {
      if (this == TWO_JARS) {
        return builder.jvmArgs("-javaagent:" + DistributionReproducibilityTest.file("victor.agent.jar"))
            .systemProperty("otel.javaagent.extensions",
                DistributionReproducibilityTest.file("victor.extension.jar").toString());
      }
      return builder.jvmArgs(
          "-javaagent:" + DistributionReproducibilityTest.file("victor.javaagent.jar"));
    }
  }

  /** The agent's class that rewrites each class read from an extension jar (ASM). */
  private static final String REMAPPER = "io.opentelemetry.javaagent.tooling.RemappingUrlConnection";

  @TempDir
  Path work;

  @Test
  void theOneJarExportsWhatTheTwoJarsExport() throws Exception {
    try (FakeOpenAiServer provider = FakeOpenAiServer.start(0)) {
      compare("sample-agent", this::sampleAgent, app -> {
        app.awaitLine(line -> line.startsWith("LOAD DONE"), START);
        // while a one-jar JVM runs (the agent deletes its unpacked extension at exit)
        assertThat(written(work.resolve(Form.ONE_JAR + "-tmp")))
            .as("what the one jar wrote to java.io.tmpdir").isEmpty();
      }, List.of("victor.cache.operations", "victor.tool_selection.latency_ms",
              "victor.provider.latency_ms", "victor.tool.duration_ms"));
      compare("langchain4j", form -> langChain4j(form, provider), app -> app.awaitLine(
          line -> line.startsWith("LANGCHAIN4J DONE"), START), AI_SERIES);
      compare("spring-ai", form -> springAi(form, provider), this::driveSpringAi, AI_SERIES);
    }
    Path jar = DistributionReproducibilityTest.file("victor.javaagent.jar");
    List<String> oneJar = Files.readAllLines(classLog(Form.ONE_JAR));
    assertThat(oneJar).as("the one jar's class-load log").anyMatch(line -> line.contains(
        " ai.victor.otel.agent.VictorAutoConfiguration source: file:" + jar));
    assertThat(oneJar).as("the JVM-wide classes, on the bootstrap class path from the jar itself")
        .anyMatch(line -> line.endsWith(" ai.victor.otel.bootstrap.JvmState source: " + jar));
    assertThat(oneJar).as("each class of ours loaded from the one jar, none rewritten at load")
        .noneMatch(line -> line.contains(" " + REMAPPER + " "))
        .filteredOn(line -> line.contains(" ai.victor.otel."))
        .allMatch(line -> line.contains("source: " + jar) || line.contains("source: file:" + jar)
            || line.contains("source: ai.victor.otel."), "loaded from the one jar");
    assertThat(Files.readAllLines(classLog(Form.TWO_JARS)))
        .as("the two-jar form's extension classes are rewritten at load, as the log would show")
        .anyMatch(line -> line.contains(" " + REMAPPER + " "));
  }

  private Path classLog(Form form) {
    return work.resolve(form + "-classes.log");
  }

  /** What the agent or we left in a java.io.tmpdir: the unpacked extension, the bootstrap jar. */
  private static List<String> written(Path tmpdir) {
    try (Stream<Path> files = Files.list(tmpdir)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith("otel-extensions") || name.startsWith("victor-otel"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs both forms of one sample at once, then compares what each exported. */
  private void compare(String sample, Function<Form, ForkedApp.Builder> builder,
      Consumer<ForkedApp> drive, List<String> expected) {
    try (OtlpReceiver twoJarsReceiver = OtlpReceiver.start();
        OtlpReceiver oneJarReceiver = OtlpReceiver.start()) {
      ForkedApp.Builder oneJarBuilder = exportingTo(builder.apply(Form.ONE_JAR), oneJarReceiver);
      assertThat(oneJarBuilder.command()).as("the one jar needs no extensions flag")
          .noneMatch(argument -> argument.contains("otel.javaagent.extensions"));
      try (ForkedApp twoJars = exportingTo(builder.apply(Form.TWO_JARS), twoJarsReceiver).start();
          ForkedApp oneJar = oneJarBuilder.start()) {
        compareRunning(sample, twoJars, twoJarsReceiver, oneJar, oneJarReceiver, drive, expected);
      }
    }
  }

  private void compareRunning(String sample, ForkedApp twoJars, OtlpReceiver twoJarsReceiver,
      ForkedApp oneJar, OtlpReceiver oneJarReceiver, Consumer<ForkedApp> drive,
      List<String> expected) {
    drive.accept(twoJars);
    drive.accept(oneJar);

    // Both exports settle on the same content; a difference that persists fails with the diff.
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Set<String> two;
    Set<String> one;
    do {
      sleep();
      two = signature(twoJarsReceiver);
      one = signature(oneJarReceiver);
    } while (!(two.equals(one) && containsAll(two, expected)) && System.nanoTime() < deadline);

    assertThat(two).as(sample + ": the two-jar form exports the expected series")
        .anyMatch(line -> line.startsWith("span ai.victor.otel "));
    for (String name : expected) {
      assertThat(two).as(sample + ": " + name)
          .anyMatch(line -> line.startsWith("metric " + name + " "));
    }
    assertThat(difference(one, two)).as(sample + ": exported by the one jar only").isEmpty();
    assertThat(difference(two, one)).as(sample + ": exported by the two jars only").isEmpty();
    for (OtlpReceiver receiver : List.of(twoJarsReceiver, oneJarReceiver)) {
      assertThat(receiver.mergedMetrics().find("victor.otel.failures").stream()
          .flatMap(metric -> metric.points().stream()).mapToDouble(MetricsView.Point::value).sum())
          .as(sample + ": extension failures").isZero();
      assertThat(receiver.rejections()).isEmpty();
    }
    for (ForkedApp app : List.of(twoJars, oneJar)) {
      // e.g. the agent's warning for a module with helpers and no type to instrument
      assertThat(app.logLines()).as(sample + ": the agent warns about none of our modules")
          .noneMatch(line -> line.contains(" WARN io.opentelemetry.javaagent.extension."));
    }
    Map<String, String> twoResource = twoJarsReceiver.resourceAttributes();
    Map<String, String> oneResource = oneJarReceiver.resourceAttributes();
    assertThat(oneResource.keySet()).as(sample + ": resource attributes")
        .isEqualTo(twoResource.keySet());
    for (String key : List.of("service.name", "telemetry.distro.name",
        "telemetry.distro.version", "telemetry.sdk.version")) {
      assertThat(oneResource.get(key)).as(sample + ": " + key).isEqualTo(twoResource.get(key));
    }
  }

  private static boolean containsAll(Set<String> signature, List<String> names) {
    return names.stream().allMatch(name -> signature.stream()
        .anyMatch(line -> line.startsWith("metric " + name + " ")));
  }

  /**
   * What a receiver got, one line per fact: victor and GenAI points with their label sets, other
   * metrics by name, spans by scope, name, kind and attribute keys.
   */
  private static Set<String> signature(OtlpReceiver receiver) {
    Set<String> lines = new TreeSet<>();
    MetricsView metrics = receiver.mergedMetrics();
    for (String name : metrics.names()) {
      MetricsView.Metric metric = metrics.metric(name);
      String head = "metric " + name + " " + metric.type() + " " + metric.unit();
      if (name.startsWith("victor.") || name.startsWith("gen_ai.")) {
        for (MetricsView.Point point : metric.points()) {
          lines.add(head + " " + point.attributes());
        }
      } else {
        lines.add(head);
      }
    }
    receiver.traceRequests().forEach(request -> request.getResourceSpansList().forEach(
        resource -> resource.getScopeSpansList().forEach(scope -> {
          for (Span span : scope.getSpansList()) {
            lines.add("span " + scope.getScope().getName() + " " + span.getName() + " "
                + span.getKind() + " "
                + new TreeSet<>(OtlpValues.attributes(span.getAttributesList()).keySet()));
          }
        })));
    return lines;
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> only = new TreeSet<>(a);
    only.removeAll(b);
    return only;
  }

  private static ForkedApp.Builder exportingTo(ForkedApp.Builder builder, OtlpReceiver receiver) {
    return builder.systemProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
        .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
        .systemProperty("otel.metric.export.interval", "1000")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.logs.exporter", "none")
        // every cache lookup timed: the random 1-in-64 sample would leave a namespace's latency
        // histogram out of one form's export and not the other's
        .systemProperty("victor.otel.cache.latency-sample-every", "1");
  }

  /** The sample agent with its shipped configuration, faults off so both forms do the same work. */
  private ForkedApp.Builder sampleAgent(Form form) {
    Path tmpdir = work.resolve(form + "-tmp");
    try {
      Files.createDirectories(tmpdir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ForkedApp.Builder builder = form.attach(ForkedApp.builder("dist-sample-" + form))
        .jvmArgs("-Xlog:class+load=info:file=" + classLog(form))
        .systemProperty("java.io.tmpdir", tmpdir.toString())
        .systemProperty("otel.javaagent.configuration-file",
            DistributionReproducibilityTest.file("victor.sample.config").toString())
        .systemProperty("otel.service.name", "sample-agent")
        .systemProperty("sample.tool.weather.failure-rate", "0")
        .systemProperty("sample.tool.flaky.failure-rate", "0");
    for (String provider : List.of("openai", "anthropic", "ollama")) {
      // Retries and repeated tool calls are random too: they would put rare label sets and span
      // attributes on one form only.
      for (String fault : List.of("error-rate", "rate-limit-rate", "timeout-rate", "retry-rate",
          "tool-repeat-rate")) {
        builder.systemProperty("sample.provider." + provider + "." + fault, "0");
      }
    }
    // One load thread: the seeded choices then fall in the same order in both forms, so both call
    // the same tools (with two threads a tool the seed picks rarely was called by one form only).
    return builder.args("-jar", DistributionReproducibilityTest.file("victor.sample.jar").toString(),
        "--port=0", "--load=60", "--concurrency=1");
  }

  private ForkedApp.Builder langChain4j(Form form, FakeOpenAiServer provider) {
    return form.attach(ForkedApp.builder("dist-langchain4j-" + form))
        .systemProperty("otel.service.name", "sample-langchain4j")
        .args("-jar", DistributionReproducibilityTest.file("victor.langchain4j.sample.jar").toString(),
            "--base-url=" + provider.baseUrl(), "--questions=12");
  }

  private ForkedApp.Builder springAi(Form form, FakeOpenAiServer provider) {
    return form.attach(ForkedApp.builder("dist-spring-ai-" + form)
            .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
        .systemProperty("otel.service.name", "sample-spring-ai")
        .env("FAKE_OPENAI_URL", provider.baseUrl())
        .env("APP_PORT", "0")
        .args("-jar", DistributionReproducibilityTest.file("victor.springai.jar").toString());
  }

  /** The Spring AI smoke test's chats: tools, a failing tool, a stream, a rate-limited model. */
  private void driveSpringAi(ForkedApp app) {
    String url = "http://127.0.0.1:" + app.awaitPort(START);
    assertThat(Http.get(url + "/chat?q=weather+and+exchangeRate+for+Lisbon")).startsWith("Tool results: ");
    assertThat(Http.get(url + "/chat?q=hotels+in+Rome")).contains("booking system unavailable");
    assertThat(Http.get(url + "/stream?q=hello+stream")).isEqualTo("Echo: hello stream");
    assertThat(Http.status(url + "/chat?q=hi&model=gpt-rate-limited")).isEqualTo(502);
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
