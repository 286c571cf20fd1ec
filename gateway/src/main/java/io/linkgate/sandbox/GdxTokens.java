package io.linkgate.sandbox;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/** GDX tokens as {@code auth/validate} issues them: per agent id, dead after an idle period. Bounded. */
final class GdxTokens {

  static final int MAX_TOKENS = 100_000;

  private final Cache<String, String> agentByToken;
  private final SecureRandom random = new SecureRandom();

  GdxTokens(Duration idleTimeout, Clock clock) {
    this.agentByToken = Caffeine.newBuilder()
        .expireAfterAccess(idleTimeout)
        .maximumSize(MAX_TOKENS)
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
  }

  String issue(String agentId) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    agentByToken.put(token, agentId);
    return token;
  }

  /** The agent the token belongs to, if it is live; touching it restarts its idle period. */
  Optional<String> agent(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(agentByToken.getIfPresent(token));
  }

  void clear() {
    agentByToken.invalidateAll();
  }
}
