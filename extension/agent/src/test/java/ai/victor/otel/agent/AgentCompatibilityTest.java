package ai.victor.otel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCompatibilityTest {
  @Test
  void agentsOfTheTestedRangePassAndOthersAreNamedWithTheRange() {
    assertThat(AgentCompatibility.versionProblem("2.10.0")).isNull();
    assertThat(AgentCompatibility.versionProblem("2.20.1")).isNull();
    assertThat(AgentCompatibility.versionProblem("2.24.0-alpha")).isNull();
    assertThat(AgentCompatibility.versionProblem("2.33.1")).isNull();
    assertThat(AgentCompatibility.versionProblem("2.9.0"))
        .contains("agent 2.9.0 is outside the tested range 2.10.0 to 2.33.1", "README.md");
    assertThat(AgentCompatibility.versionProblem("2.34.0")).contains("2.34.0 is outside");
    assertThat(AgentCompatibility.versionProblem("1.33.6")).contains("1.33.6 is outside");
    assertThat(AgentCompatibility.versionProblem(null)).contains("could not read");
  }

  @Test
  void versionsCompareByTheirNumbers() {
    assertThat(AgentCompatibility.compare("2.10.0", "2.9.9")).isPositive();
    assertThat(AgentCompatibility.compare("2.33.1", "2.33.1")).isZero();
    assertThat(AgentCompatibility.compare("2.24.0-alpha", "2.24.0")).isZero();
    assertThat(AgentCompatibility.compare("2.33", "2.33.1")).isNegative();
  }

  @Test
  void theDeclarativeWarningNamesTheSettingInUse() {
    assertThat(AgentCompatibility.declarativeProblem(
        ConfigSource.of(Map.of("otel.config.file", "/etc/otel.yaml"))))
        .contains("otel.config.file=/etc/otel.yaml", "victor_performance_health_score",
            "health endpoint", "docs/configuration.md");
    assertThat(AgentCompatibility.declarativeProblem(
        ConfigSource.of(Map.of("otel.experimental.config.file", "/x.yaml"))))
        .contains("otel.experimental.config.file=/x.yaml");
  }
}
