package ai.victor.otel.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.core.config.ConfigSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointSettingsTest {
  @Test
  void offOnLoopbackWithoutTokenByDefault() {
    EndpointSettings settings = EndpointSettings.load(ConfigSource.of(Map.of()));
    assertThat(settings.enabled()).isFalse();
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(9465);
    assertThat(settings.token()).isNull();
    assertThat(settings.openPaths()).containsExactly("/health/live");
    assertThat(settings.readinessChecks()).containsExactly("startup");
    assertThat(settings.checks().get("cache_hit_rate").critical).isEqualTo(0.20);
    assertThat(settings.problems()).isEmpty();
  }

  @Test
  void eachBadValueIsOneLineNamingTheSettingAndTheDefaultIsKept() {
    EndpointSettings settings = EndpointSettings.load(ConfigSource.of(Map.of(
        "victor.otel.endpoint.enabled", "yes",
        "victor.otel.endpoint.port", "70000",
        "victor.otel.endpoint.threads", "many",
        "victor.otel.endpoint.open-paths", "/health/ready, /admin",
        "victor.otel.endpoint.readiness.checks", "startup, vibes",
        "victor.otel.endpoint.check.health-score.critical", "low")));
    assertThat(settings.problems()).hasSize(6);
    assertThat(settings.problems()).anySatisfy(p -> assertThat(p)
        .startsWith("victor-otel: ignoring victor.otel.endpoint.enabled=yes: expected true or"));
    assertThat(settings.problems()).anySatisfy(p -> assertThat(p)
        .contains("victor.otel.endpoint.port=70000").contains("0 to 65535"));
    assertThat(settings.problems()).anySatisfy(p -> assertThat(p).contains("'/admin'"));
    assertThat(settings.problems()).anySatisfy(p -> assertThat(p).contains("'vibes'"));
    assertThat(settings.problems()).anySatisfy(p -> assertThat(p)
        .contains("victor.otel.endpoint.check.health-score.critical=low"));
    assertThat(settings.enabled()).isFalse();
    assertThat(settings.port()).isEqualTo(9465);
    assertThat(settings.threads()).isEqualTo(2);
    assertThat(settings.openPaths()).containsExactly("/health/live", "/health/ready");
    assertThat(settings.readinessChecks()).containsExactly("startup");
    assertThat(settings.checks().get("health_score").critical).isEqualTo(50);
  }

  @Test
  void theTokenFileWinsOverTheInlineToken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.write(file, "s3cret\n".getBytes(StandardCharsets.UTF_8));
    EndpointSettings settings = EndpointSettings.load(ConfigSource.of(Map.of(
        "victor.otel.endpoint.token", "inline",
        "victor.otel.endpoint.token-file", file.toString())));
    assertThat(settings.token()).isEqualTo("s3cret");
    assertThat(settings.tokenUnreadable()).isFalse();
  }

  @Test
  void anUnreadableTokenFileKeepsTheEndpointOff(@TempDir Path dir) {
    EndpointSettings settings = EndpointSettings.load(ConfigSource.of(Map.of(
        "victor.otel.endpoint.enabled", "true",
        "victor.otel.endpoint.token-file", dir.resolve("missing").toString())));
    assertThat(settings.tokenUnreadable()).isTrue();
    assertThat(settings.problems()).singleElement().asString()
        .contains("victor.otel.endpoint.token-file=").contains("stays off");
    assertThat(new Endpoint(settings, null).start(Endpoint.class.getClassLoader())).isNull();
  }
}
