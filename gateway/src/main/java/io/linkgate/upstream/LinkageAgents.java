package io.linkgate.upstream;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The Linkage Center's agent check: is this officer available (logged in on the Linkage side)? */
public final class LinkageAgents {

  private final GdxClient client;
  private final String consumerKey;
  private final ProtectedEndpoint endpoint;

  public LinkageAgents(GdxClient client, String consumerKey, Upstreams upstreams) {
    this.client = client;
    this.consumerKey = consumerKey;
    this.endpoint = upstreams.endpoint(UpstreamEndpoint.AGENT_PERMISSION);
  }

  /** {@code AgentAvailable}, {@code AgentNotAvailable} or {@code CitizenAvailable}. */
  public Future<String> sessionState(String officerCitizenId) {
    return endpoint.call(true, () -> client.get(officerCitizenId, "/ws/dopa/linkage/v1/agent/permission",
            Map.of("Consumer", consumerKey, "CitizenID", officerCitizenId)))
        .compose(response -> {
          JsonObject json = GdxClient.parse(response);
          String state = json == null ? null : json.getString("SessionState");
          if (response.statusCode() != 200 || state == null) {
            return Future.failedFuture(GdxClient.UPSTREAM_UNAVAILABLE.exception(
                "The Linkage Center's agent check answered HTTP " + response.statusCode() + "."));
          }
          return Future.succeededFuture(state);
        });
  }
}
