package io.linkgate.cardedge.sim;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link PinCounterStore} in memory: for tests, and for a demo that should forget blocked PINs on exit. */
public final class InMemoryPinCounterStore implements PinCounterStore {

  private final Map<String, Integer> counters = new ConcurrentHashMap<>();

  @Override
  public OptionalInt load(String profile) {
    Integer tries = counters.get(profile);
    return tries == null ? OptionalInt.empty() : OptionalInt.of(tries);
  }

  @Override
  public void save(String profile, int triesRemaining) {
    counters.put(profile, triesRemaining);
  }
}
