package io.linkgate.sandbox;

import java.util.Optional;

/** The simulated upstream endpoints; each has its own fault settings and call counter. */
public enum SandboxEndpoint {
  GDX_AUTH("gdx-auth"),
  LINKAGE_LINK("linkage-link"),
  AGENT_PERMISSION("agent-permission"),
  CARD_VERIFICATION("card-verification"),
  JURISTIC("juristic"),
  CARD_AUTHORITY("card-authority");

  private final String id;

  SandboxEndpoint(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<SandboxEndpoint> byId(String id) {
    for (SandboxEndpoint e : values()) {
      if (e.id.equals(id)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
