package io.linkgate.console;

import io.linkgate.config.ConfigNode;

/**
 * The web console served at {@code /console/}: whether it (and its session-bound lookup calls under
 * {@code /v1/console}) is on, and the card-edge port the page talks to by default. Its files are always revalidated
 * (there is no max-age to set: one let browsers run old scripts against an upgraded gateway).
 */
public record ConsoleConfig(boolean enabled, int cardEdgePort) {

  public static ConsoleConfig from(ConfigNode node) {
    return new ConsoleConfig(
        node.bool("enabled"),
        node.integer("cardEdgePort", 1, 65535));
  }
}
