package ai.victor.otel.smoke.endpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP ports a process listens on, from Linux's /proc: the socket inodes among its file
 * descriptors, matched against the LISTEN entries of its network namespace's tcp tables. What
 * {@code ss -ltnp} shows, without needing the tool.
 */
final class ListeningPorts {
  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  static Set<Integer> of(ProcessHandle process) {
    Path proc = Path.of("/proc", String.valueOf(process.pid()));
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while listing
        }
      }
      Set<Integer> ports = new TreeSet<>();
      for (String table : List.of("tcp", "tcp6")) {
        Path file = proc.resolve("net").resolve(table);
        if (!Files.exists(file)) {
          continue;
        }
        for (String line : Files.readAllLines(file)) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length > 9 && LISTEN.equals(fields[3]) && inodes.contains(fields[9])) {
            String local = fields[1];
            ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
          }
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sockets of process " + process.pid(), e);
    }
  }
}
