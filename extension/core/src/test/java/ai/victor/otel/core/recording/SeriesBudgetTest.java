package ai.victor.otel.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.bootstrap.BoundedValues;
import ai.victor.otel.bootstrap.JvmState;
import ai.victor.otel.bootstrap.SeriesBudget;
import ai.victor.otel.core.config.ConfigSource;
import ai.victor.otel.core.config.VictorConfig;
import ai.victor.otel.core.recording.Recorders.CacheRecorder;
import ai.victor.otel.core.recording.Recorders.ProviderRecorder;
import ai.victor.otel.core.recording.Recorders.ToolRecorder;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-instrument and extension-wide series caps, under 10,000 distinct values per label. */
class SeriesBudgetTest {
  private static final int ATTACK = 10_000;

  private static Telemetry telemetry(String... keysAndValues) {
    java.util.Map<String, String> settings = new java.util.HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Telemetry.create(OpenTelemetry.noop(), VictorConfig.load(ConfigSource.of(settings)));
  }

  /** The distinct values a label hands out, the overflow value included, under attack. */
  private static Set<String> attack(BoundedValues values, String prefix) {
    Set<String> bound = new HashSet<>();
    for (int i = 0; i < ATTACK; i++) {
      bound.add(values.bound(prefix + i));
    }
    return bound;
  }

  @Test
  void eachLabelKeepsItsWidestInstrumentWithinAHundredSeries() {
    // Each label alone, in a fresh telemetry: only the per-label and per-instrument caps apply.
    int namespaces = attack(telemetry().boundedValues("namespace", CacheRecorder.SERIES,
        CacheRecorder.WIDEST), "ns").size();
    int pairs = attack(telemetry().boundedValues("provider-model", ProviderRecorder.SERIES,
        ProviderRecorder.WIDEST), "model").size();
    int tools = attack(telemetry().boundedValues("tool", ToolRecorder.SERIES, ToolRecorder.WIDEST),
        "tool").size();
    assertThat(namespaces * CacheRecorder.WIDEST).isEqualTo(100); // 19 + _other, x 5 operations
    assertThat(pairs * ProviderRecorder.WIDEST).isEqualTo(96); // 15 + _other, x 6 outcomes
    assertThat(tools * ToolRecorder.WIDEST).isEqualTo(99); // the default cap 32 + _other, x 3
  }

  @Test
  void labelsAttackedTogetherStayWithinTheExtensionBudget() {
    Telemetry telemetry = telemetry();
    BoundedValues namespaces = telemetry.boundedValues("namespace", CacheRecorder.SERIES,
        CacheRecorder.WIDEST);
    BoundedValues tools = telemetry.boundedValues("tool", ToolRecorder.SERIES,
        ToolRecorder.WIDEST);
    BoundedValues pairs = telemetry.boundedValues("provider-model", ProviderRecorder.SERIES,
        ProviderRecorder.WIDEST);
    int series = 0;
    for (int i = 0; i < ATTACK; i++) { // interleaved, as a real attack would arrive
      namespaces.bound("ns" + i);
      tools.bound("tool" + i);
      pairs.bound("model" + i);
    }
    series += (namespaces.size() + 1) * CacheRecorder.SERIES;
    series += (tools.size() + 1) * ToolRecorder.SERIES;
    series += (pairs.size() + 1) * ProviderRecorder.SERIES;
    assertThat(series).isLessThanOrEqualTo(SeriesBudget.TOTAL - SeriesBudget.FIXED);
    // Nothing was left unspent that a further value could have used.
    assertThat(telemetry.boundedValues("late", 1, 1).bound("late")).isIn("late", "_other");
    assertThat(namespaces.bound("ns0")).isEqualTo("ns0");
    assertThat(namespaces.bound("ns" + (ATTACK - 1))).isEqualTo("_other");
  }

  /**
   * Two copies of core (two application class loaders) on one JVM state: one cap and one budget
   * between them, not one each. The state is what JvmState.jvm() hands every copy.
   */
  @Test
  void copiesOfCoreOnOneJvmShareTheCapsAndTheBudget() {
    JvmState state = JvmState.isolated();
    VictorConfig config = VictorConfig.load(ConfigSource.of(Collections.emptyMap()));
    Telemetry first = new Telemetry(OpenTelemetry.noop(), config, state);
    Telemetry second = new Telemetry(OpenTelemetry.noop(), config, state);
    Set<String> tools = new HashSet<>();
    for (int i = 0; i < ATTACK; i++) {
      tools.add(first.toolNames().bound("first" + i));
      tools.add(second.toolNames().bound("second" + i));
    }
    assertThat(first.toolNames()).isSameAs(second.toolNames());
    assertThat(tools).hasSize(33); // the default cap 32 + _other, for both copies together
    int remaining = state.budget().remaining();
    assertThat(first.toolRecorder("another")).isSameAs(first.toolRecorder("_other"));
    assertThat(state.budget().remaining()).isEqualTo(remaining);
  }

  @Test
  void aLowerConfiguredLimitStillWins() {
    BoundedValues tools = telemetry("victor.otel.cardinality.limit", "3")
        .boundedValues("tool", ToolRecorder.SERIES, ToolRecorder.WIDEST);
    assertThat(attack(tools, "t")).containsExactlyInAnyOrder("t0", "t1", "t2", "_other");
  }

  @Test
  void anExhaustedBudgetFoldsNewValuesButKeepsAdmittedOnes() {
    SeriesBudget budget = new SeriesBudget(10);
    BoundedValues first = new BoundedValues(100, 4, budget); // overflow paid: 6 left
    assertThat(first.bound("a")).isEqualTo("a"); // 2 left
    assertThat(first.bound("b")).isEqualTo("_other");
    BoundedValues second = new BoundedValues(100, 1, budget); // overflow paid: 1 left
    assertThat(second.bound("x")).isEqualTo("x");
    assertThat(second.bound("y")).isEqualTo("_other");
    assertThat(first.bound("a")).isEqualTo("a");
    assertThat(budget.remaining()).isZero();
    assertThat(Collections.singleton(second.bound("x"))).containsExactly("x");
  }
}
