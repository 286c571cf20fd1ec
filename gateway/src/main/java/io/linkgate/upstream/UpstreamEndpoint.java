package io.linkgate.upstream;

/** Each upstream endpoint has its own circuit breaker, bulkhead and metrics. */
public enum UpstreamEndpoint {
  LINKAGE_LINK("linkage-link"),
  AGENT_PERMISSION("agent-permission"),
  CARD_VERIFICATION("card-verification"),
  JURISTIC("juristic"),
  CARD_AUTHORITY("card-authority");

  private final String id;

  UpstreamEndpoint(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
