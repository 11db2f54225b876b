package ai.victor.sample.springai;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow rates backend behind Spring's cache abstraction (cache {@code exchange-rates}). */
@Service
public class ExchangeRates {
  @Cacheable("exchange-rates")
  public double rate(String from, String to) {
    try {
      Thread.sleep(20); // the remote call the cache saves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 1.0 + Math.abs((from + to).hashCode() % 100) / 100.0;
  }
}
