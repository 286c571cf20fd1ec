package io.linkgate.session;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import io.linkgate.registry.Rank;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Card-session lifetimes, caching and login rules. */
public record SessionConfig(
    Duration idleTimeout,
    Duration maxLifetime,
    Duration challengeTtl,
    Duration touchInterval,
    int cacheSize,
    Duration cacheTtl,
    Set<Rank> linkageRanks,
    boolean checkAgentPermission,
    String bootstrapAdminToken,
    int refusalsPerMinute) {

  public static SessionConfig from(ConfigNode node) {
    Duration idle = node.duration("idleTimeout", Duration.ofMinutes(1), Duration.ofHours(12));
    Duration max = node.duration("maxLifetime", Duration.ofMinutes(5), Duration.ofDays(1));
    if (max.compareTo(idle) < 0) {
      throw new ConfigException(node.key("maxLifetime"), "must not be shorter than idleTimeout");
    }
    Duration touch = node.duration("touchInterval", Duration.ofSeconds(1), Duration.ofMinutes(10));
    if (touch.compareTo(idle.dividedBy(2)) > 0) {
      throw new ConfigException(node.key("touchInterval"), "must be at most half of idleTimeout, or sessions expire while in use");
    }
    Set<Rank> ranks = EnumSet.noneOf(Rank.class);
    for (String r : node.strings("linkageRanks")) {
      try {
        ranks.add(Rank.valueOf(r));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(node.key("linkageRanks"), "unknown rank '" + r + "'; known: O1-O4, K1-K5, M1, M2, S1, S2, EMPLOYEE");
      }
    }
    String bootstrap = node.string("bootstrapAdminToken");
    if (!bootstrap.isEmpty() && bootstrap.length() < 32) {
      throw new ConfigException(node.key("bootstrapAdminToken"), "must be at least 32 characters (a long random secret), or empty");
    }
    return new SessionConfig(idle, max,
        node.duration("challengeTtl", Duration.ofSeconds(5), Duration.ofMinutes(10)),
        touch,
        node.integer("cacheSize", 100, 10_000_000),
        node.duration("cacheTtl", Duration.ofSeconds(1), Duration.ofMinutes(30)),
        Set.copyOf(ranks),
        node.bool("checkAgentPermission"),
        bootstrap,
        node.integer("refusalsPerMinute", 1, 10_000));
  }

  @Override
  public String toString() {
    return "SessionConfig[idle=" + idleTimeout + ", max=" + maxLifetime + ", bootstrapAdminToken=" + (bootstrapAdminToken.isEmpty() ? "off" : "set") + "]";
  }
}
