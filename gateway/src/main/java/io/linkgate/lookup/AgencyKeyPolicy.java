package io.linkgate.lookup;

import io.linkgate.registry.AgencyDirectory;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Policy 1: the agency system's {@code X-Api-Key} is valid (401). Its agency is checked against the session's next. */
final class AgencyKeyPolicy implements Handler<RoutingContext> {

  static final String HEADER = "X-Api-Key";

  private final AgencyDirectory agencies;

  /** Every 401 names how to authenticate (RFC 9110 15.5.2): the agency's key, in its header. */
  static final String CHALLENGE = "ApiKey header=\"X-Api-Key\"";

  AgencyKeyPolicy(AgencyDirectory agencies) {
    this.agencies = agencies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null || key.isBlank()) {
      ctx.fail(LookupProblems.API_KEY_REQUIRED.exception("Send the agency system's API key in the X-Api-Key header.")
          .header("WWW-Authenticate", CHALLENGE));
      return;
    }
    if (key.length() > 200) {
      ctx.fail(LookupProblems.API_KEY_INVALID.exception("The X-Api-Key is not a key of this gateway.").header("WWW-Authenticate", CHALLENGE));
      return;
    }
    agencies.byApiKey(key).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.fail(LookupProblems.API_KEY_INVALID.exception("The X-Api-Key is unknown or revoked.").header("WWW-Authenticate", CHALLENGE));
      } else {
        LookupContext.of(ctx).agency = ar.result().get();
        ctx.next();
      }
    });
  }
}
