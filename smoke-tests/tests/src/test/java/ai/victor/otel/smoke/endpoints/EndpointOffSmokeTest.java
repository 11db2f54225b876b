package ai.victor.otel.smoke.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import ai.victor.otel.smoke.harness.ForkedApp;
import ai.victor.otel.smoke.harness.FreePort;
import ai.victor.otel.smoke.harness.Http;
import ai.victor.otel.smoke.harness.OtlpReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the endpoint must not serve: the setting off, and its port taken by someone else. */
class EndpointOffSmokeTest {
  private static final Duration START = Duration.ofSeconds(120);

  @Test
  void withTheSettingOffNoPortIsOpened() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ForkedApp app = ForkedApp.sampleUnderAgent("sample-endpoint-off", receiver).start()) {
      int appPort = app.awaitPort(START);
      assertThat(Http.get("http://127.0.0.1:" + appPort + "/chat?q=hello")).contains("answer");
      assertThat(ListeningPorts.of(app.handle())).as("listening sockets of the app")
          .isEqualTo(Set.of(appPort));
      assertThat(app.logLines()).noneMatch(line -> line.contains("endpoint"));
    }
  }

  @Test
  void aPortInUseIsOneWarningNamingTheSettingAndTheAppRunsOn() throws IOException {
    try (ServerSocket taken = new ServerSocket();
        OtlpReceiver receiver = OtlpReceiver.start()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePort.find()));
      int port = taken.getLocalPort();
      try (ForkedApp app = ForkedApp.sampleUnderAgent("sample-endpoint-port-taken", receiver)
          .systemProperty("victor.otel.endpoint.enabled", "true")
          .systemProperty("victor.otel.endpoint.port", String.valueOf(port))
          .start()) {
        int appPort = app.awaitPort(START);
        assertThat(Http.get("http://127.0.0.1:" + appPort + "/chat?q=hello")).contains("answer");
        assertThat(app.logLines().stream().filter(line -> line.contains("victor-otel:")))
            .singleElement().asString()
            .contains("WARN")
            .contains("cannot serve the endpoint on 127.0.0.1:" + port)
            .contains("victor.otel.endpoint.port=" + port)
            .contains("the application runs without it");
        assertThat(ListeningPorts.of(app.handle())).isEqualTo(Set.of(appPort));
      }
    }
  }
}
