package io.linkgate.load;

import io.linkgate.citizen.CitizenId;
import io.linkgate.sandbox.Population;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Citizen and juristic-person IDs the sandbox knows (valid check digit, not in its 2 % "not found" share),
 * through the gateway's own {@link CitizenId} and the sandbox's {@link Population} rule. A small fixed pool
 * gives cache hits; {@link #fresh()} never repeats within a run, so it is a cache miss.
 */
final class Citizens {

  private final List<String> pool;
  private final AtomicLong next;
  private final String prefix;

  /** {@code prefix}: one digit 1-8 that keeps the IDs of different uses apart. */
  Citizens(char prefix, int poolSize) {
    this.prefix = String.valueOf(prefix);
    // a different range every run, so a long-running gateway's cache does not turn "fresh" into hits
    this.next = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000L, 9_000_000_000L));
    List<String> ids = new ArrayList<>();
    long n = 1;
    while (ids.size() < poolSize) {
      String id = valid(this.prefix + "0" + String.format("%010d", n++));
      if (id != null) {
        ids.add(id);
      }
    }
    this.pool = List.copyOf(ids);
  }

  /** One of the pool (a hit once the pool is warm). */
  String pooled() {
    return pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
  }

  String pooled(int i) {
    return pool.get(i % pool.size());
  }

  int poolSize() {
    return pool.size();
  }

  /** An ID not used before in this run (a miss). */
  String fresh() {
    while (true) {
      String id = valid(prefix + "1" + String.format("%010d", next.getAndIncrement() % 10_000_000_000L));
      if (id != null) {
        return id;
      }
    }
  }

  /** The 13-digit ID for 12 digits, or null when the sandbox would answer "not found". */
  private static String valid(String first12) {
    String id = CitizenId.withCheckDigit(first12);
    return Population.isNotFound(id) ? null : id;
  }
}
