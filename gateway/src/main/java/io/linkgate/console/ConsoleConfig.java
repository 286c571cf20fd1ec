package io.linkgate.console;

import io.linkgate.config.ConfigNode;
import java.time.Duration;

/**
 * The web console served at {@code /console/}: whether it (and its session-bound lookup calls under
 * {@code /v1/console}) is on, the card-edge port the page talks to by default, and how long browsers may keep
 * its static files without asking again.
 */
public record ConsoleConfig(boolean enabled, int cardEdgePort, Duration assetMaxAge) {

  public static ConsoleConfig from(ConfigNode node) {
    return new ConsoleConfig(
        node.bool("enabled"),
        node.integer("cardEdgePort", 1, 65535),
        node.duration("assetMaxAge", Duration.ZERO, Duration.ofDays(7)));
  }
}
