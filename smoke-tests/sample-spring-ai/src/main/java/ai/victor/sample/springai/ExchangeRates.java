package ai.victor.sample.springai;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow rates backend behind Spring's cache abstraction (cache {@code exchange-rates}). */
@Service
public class ExchangeRates {
  private final AtomicLong lookups = new AtomicLong();

  @Cacheable("exchange-rates")
  public double rate(String from, String to) {
    lookups.incrementAndGet();
    try {
      Thread.sleep(20); // the remote call the cache saves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 1.0 + Math.abs((from + to).hashCode() % 100) / 100.0;
  }

  public long backendLookups() {
    return lookups.get();
  }
}
