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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * When the endpoint must not serve: the setting off, and its port taken by someone else. Both
 * apps start together, so the two JVM startups overlap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointOffSmokeTest {
  private static final Duration START = Duration.ofSeconds(120);

  private OtlpReceiver receiver;
  private ServerSocket taken;
  private ForkedApp off;
  private ForkedApp portTaken;

  @BeforeAll
  void startBoth() throws IOException {
    receiver = OtlpReceiver.start();
    taken = new ServerSocket();
    taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePort.find()));
    off = ForkedApp.sampleUnderAgent("sample-endpoint-off", receiver)
        .jvmArgs(EndpointSmokeTest.SHORT_LIVED).start();
    portTaken = ForkedApp.sampleUnderAgent("sample-endpoint-port-taken", receiver)
        .jvmArgs(EndpointSmokeTest.SHORT_LIVED)
        .systemProperty("victor.otel.endpoint.enabled", "true")
        .systemProperty("victor.otel.endpoint.port", String.valueOf(taken.getLocalPort()))
        .start();
  }

  @AfterAll
  void stop() throws IOException {
    for (ForkedApp app : new ForkedApp[] {off, portTaken}) {
      if (app != null) {
        app.close();
      }
    }
    if (taken != null) {
      taken.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void withTheSettingOffNoPortIsOpened() {
    int appPort = off.awaitPort(START);
    assertThat(Http.get("http://127.0.0.1:" + appPort + "/chat?q=hello")).contains("answer");
    assertThat(ListeningPorts.of(off.handle())).as("listening sockets of the app")
        .isEqualTo(Set.of(appPort));
    assertThat(off.logLines()).noneMatch(line -> line.contains("endpoint"));
  }

  @Test
  void aPortInUseIsOneWarningNamingTheSettingAndTheAppRunsOn() {
    int port = taken.getLocalPort();
    int appPort = portTaken.awaitPort(START);
    assertThat(Http.get("http://127.0.0.1:" + appPort + "/chat?q=hello")).contains("answer");
    assertThat(portTaken.logLines().stream().filter(line -> line.contains("victor-otel:")))
        .singleElement().asString()
        .contains("WARN")
        .contains("cannot serve the endpoint on 127.0.0.1:" + port)
        .contains("victor.otel.endpoint.port=" + port)
        .contains("the application runs without it");
    assertThat(ListeningPorts.of(portTaken.handle())).isEqualTo(Set.of(appPort));
  }
}
