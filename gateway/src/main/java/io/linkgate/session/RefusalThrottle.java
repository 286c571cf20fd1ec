package io.linkgate.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many refusals each enrolled workstation had this minute: at most {@code limit} are recorded, and past that the
 * workstation's logins and PIN reports are refused until its minute ends. Only workstations whose signature checked
 * out are counted (nobody else can use up a workstation's allowance), in a fixed window from their first refusal; at
 * most {@link #MAX_DEVICES} are tracked (the least recently seen go first).
 */
final class RefusalThrottle {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_DEVICES = 100_000;

  /** One workstation's minute: when it started and the refusals in it. */
  private static final class Window {
    final long start;
    final AtomicInteger refusals = new AtomicInteger();

    Window(long start) {
      this.start = start;
    }
  }

  private final int limit;
  private final Clock clock;
  private final Cache<String, Window> windows;

  RefusalThrottle(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
    // never rewritten, so a window expires a minute after it began
    this.windows = Caffeine.newBuilder()
        .maximumSize(MAX_DEVICES)
        .expireAfterWrite(WINDOW)
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
  }

  /** Fails with {@code login-throttled} when the workstation used up its refusals this minute. */
  void check(String deviceId) {
    Window w = windows.getIfPresent(deviceId);
    if (w != null && w.refusals.get() >= limit) {
      long retry = Math.max(1, (w.start + WINDOW.toMillis() - clock.millis() + 999) / 1000);
      throw SessionProblems.LOGIN_THROTTLED.exception("This workstation had " + limit
              + " refused logins or PIN reports within a minute; try again in " + retry + " s.")
          .header("Retry-After", Long.toString(retry));
    }
  }

  /** Counts a refusal of the workstation; whether it is within the minute's limit (and so to be recorded). */
  boolean take(String deviceId) {
    return windows.get(deviceId, id -> new Window(clock.millis())).refusals.incrementAndGet() <= limit;
  }
}
