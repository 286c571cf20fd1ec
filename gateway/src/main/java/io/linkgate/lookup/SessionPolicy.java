package io.linkgate.lookup;

import io.linkgate.session.SessionAuth;
import io.linkgate.session.SessionStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Policy 2a: a live card session (401) of the API key's agency (403). */
final class SessionPolicy implements Handler<RoutingContext> {

  private final SessionAuth auth;

  SessionPolicy(SessionStore store) {
    this.auth = new SessionAuth(store);
  }

  @Override
  public void handle(RoutingContext ctx) {
    auth.authenticate(ctx).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LookupContext lc = LookupContext.of(ctx);
      lc.session = ar.result();
      if (!lc.session.agencyCode().equals(lc.agency.code())) {
        ctx.fail(LookupProblems.AGENCY_MISMATCH.exception("The card session belongs to another agency than the X-Api-Key."));
        return;
      }
      ctx.next();
    });
  }
}
