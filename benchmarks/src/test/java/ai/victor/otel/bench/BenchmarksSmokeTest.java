package ai.victor.otel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.bench.OverheadRun.Row;
import ai.victor.otel.bench.OverheadRun.Score;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmarks from rotting: one short iteration of every benchmark, the role benchmarks
 * in a fork under the agent with the extension (where each fork checks that the extension's
 * advice ran, so a target that stopped matching fails here), the floor without the agent. The
 * figures of such a run mean nothing; docs/performance.md has the real ones.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsOnceAndReportsTimeAndAllocation() throws Exception {
    List<Row> rows = OverheadRun.run(OverheadRun.Settings.smoke(EnumSet.of(Side.EXTENSION)),
        Side.Jars.fromBuild());

    List<String> expected = new ArrayList<>();
    for (Class<?> role : OverheadRun.ROLES) {
      OverheadRun.benchmarks(role, Pattern.compile(""))
          .forEach(method -> expected.add(role.getSimpleName() + "." + method));
    }
    List<String> floor = new ArrayList<>();
    OverheadRun.benchmarks(SdkFloorBenchmark.class, Pattern.compile(""))
        .forEach(method -> floor.add("SdkFloorBenchmark." + method));
    assertThat(rows).extracting(Row::name).containsExactlyInAnyOrderElementsOf(
        concat(expected, floor));
    for (Row row : rows) {
      Side side = floor.contains(row.name()) ? Side.NONE : Side.EXTENSION;
      Score score = row.on(side);
      assertThat(score).as(row.name()).isNotNull();
      assertThat(score.nanos()).as(row.name()).isPositive();
      assertThat(score.bytes()).as(row.name() + " B/op (-prof gc)").isNotNaN();
    }
    assertThat(OverheadRun.report(rows, OverheadRun.Settings.smoke(EnumSet.of(Side.EXTENSION)),
        "0 0 0", "0 0 0")).contains("| CacheBenchmark.getHit |");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
