package ai.victor.otel.bench.app;

/** A tool selector answering from its query cache: the shortest selection a real agent makes. */
public final class BenchSelector {
  private final BenchSelection cached = new BenchSelection("query", true, 2);

  public BenchSelection select(String query, String context) {
    return cached;
  }
}
