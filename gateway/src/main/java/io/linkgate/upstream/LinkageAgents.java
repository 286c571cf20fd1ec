package io.linkgate.upstream;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The Linkage Center's agent check: is this officer available (logged in on the Linkage side)? */
public final class LinkageAgents {

  private final GdxClient client;
  private final String consumerKey;

  public LinkageAgents(GdxClient client, String consumerKey) {
    this.client = client;
    this.consumerKey = consumerKey;
  }

  /** {@code AgentAvailable}, {@code AgentNotAvailable} or {@code CitizenAvailable}. */
  public Future<String> sessionState(String officerCitizenId) {
    return client.get(officerCitizenId, "/ws/dopa/linkage/v1/agent/permission",
            Map.of("Consumer", consumerKey, "CitizenID", officerCitizenId))
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
