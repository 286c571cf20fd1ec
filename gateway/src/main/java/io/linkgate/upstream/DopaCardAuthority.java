package io.linkgate.upstream;

import io.linkgate.session.CardAuthority;
import io.linkgate.session.SessionProblems;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/** {@link CardAuthority} over HTTP: {@code POST /ws/dopa/card/verify} through the GDX client. */
public final class DopaCardAuthority implements CardAuthority {

  /** The GDX agent id the gateway itself uses for system calls. */
  static final String SYSTEM_AGENT = "LINKGATE";

  private final GdxClient client;
  private final ProtectedEndpoint endpoint;

  public DopaCardAuthority(GdxClient client, Upstreams upstreams) {
    this.client = client;
    this.endpoint = upstreams.endpoint(UpstreamEndpoint.CARD_AUTHORITY);
  }

  @Override
  public Future<Boolean> verify(String citizenId, String chipId, byte[] challenge, byte[] cryptogram, Deadline deadline) {
    JsonObject body = new JsonObject()
        .put("CitizenID", citizenId)
        .put("ChipID", chipId)
        .put("Challenge", Base64.getEncoder().encodeToString(challenge))
        .put("Cryptogram", Base64.getEncoder().encodeToString(cryptogram));
    return endpoint.call(true, deadline, () -> client.postJson(SYSTEM_AGENT, "/ws/dopa/card/verify", body, deadline),
            GdxClient::notAVerdict)
        .recover(e -> Future.failedFuture(SessionProblems.CARD_AUTHORITY_UNAVAILABLE.exception(
            "The card authority could not be reached; try again shortly.").header("Retry-After", "5")))
        .compose(response -> {
          Boolean result = GdxClient.result(response);
          if (response.statusCode() != 200 || result == null) {
            return Future.failedFuture(SessionProblems.CARD_AUTHORITY_UNAVAILABLE.exception(
                "The card authority answered HTTP " + response.statusCode() + "; try again shortly.").header("Retry-After", "5"));
          }
          return Future.succeededFuture(result);
        });
  }
}
