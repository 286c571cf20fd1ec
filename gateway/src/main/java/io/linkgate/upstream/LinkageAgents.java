package io.linkgate.upstream;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/** The Linkage Center's agent check: is this officer available (logged in on the Linkage side)? */
public final class LinkageAgents {

  /** The session states the agent check answers (the design brief's DOMAIN.md). */
  static final Set<String> STATES = Set.of("AgentNotAvailable", "AgentAvailable", "CitizenAvailable");

  private final GdxClient client;
  private final String consumerKey;
  private final ProtectedEndpoint endpoint;

  public LinkageAgents(GdxClient client, String consumerKey, Upstreams upstreams) {
    this.client = client;
    this.consumerKey = consumerKey;
    this.endpoint = upstreams.endpoint(UpstreamEndpoint.AGENT_PERMISSION);
  }

  /** {@code AgentAvailable}, {@code AgentNotAvailable} or {@code CitizenAvailable}; its calls end by {@code deadline}. */
  public Future<String> sessionState(String officerCitizenId, Deadline deadline) {
    return endpoint.call(true, deadline, () -> client.get(officerCitizenId, "/ws/dopa/linkage/v1/agent/permission",
            Map.of("Consumer", consumerKey, "CitizenID", officerCitizenId), deadline),
            r -> r.statusCode() == 200 && knownState(r) == null)
        .compose(LinkageAgents::state);
  }

  /**
   * The state an answer gives. A state other than the three (or none) is a broken answer, 502 upstream-error: not
   * taken for an available agent. A 4xx is GDX refusing the gateway's call, 502 upstream-refused, as for a lookup.
   */
  static Future<String> state(UpstreamResponse response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(GdxClient.UPSTREAM_REFUSED.exception("GDX refused the Linkage Center's agent check with HTTP "
          + response.statusCode() + "; the agency's GDX credentials or permissions need attention.")
          .with("upstreamStatus", response.statusCode()));
    }
    String state = knownState(response);
    if (state == null) {
      return Future.failedFuture(UpstreamProblems.ERROR.exception(
          "The Linkage Center's agent check answered without a SessionState it documents."));
    }
    return Future.succeededFuture(state);
  }

  private static String knownState(UpstreamResponse response) {
    JsonObject json = GdxClient.parse(response);
    return json != null && json.getValue("SessionState") instanceof String s && STATES.contains(s) ? s : null;
  }
}
