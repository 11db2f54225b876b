package ai.victor.otel.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds a loopback port that is free right now, for settings that must name a port up front (for example the
 * agent's Prometheus endpoint, which cannot be told to pick one and report it back).
 *
 * <p>The port is released before it is returned, so another process may take it in between; that race is accepted
 * because nothing else on a test machine allocates ports from the ephemeral range at that rate.
 */
public final class FreePort {

  private FreePort() {}

  /** Returns a port on 127.0.0.1 that was bindable a moment ago. */
  public static int find() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
