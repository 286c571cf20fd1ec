package io.linkgate.lookup;

import io.linkgate.registry.AgencyDirectory;
import io.linkgate.session.SessionAuth;
import io.linkgate.session.SessionStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Policies 1 and 2a for the web console's lookups ({@code /v1/console/...}): the console is the agency's
 * reference application served by the gateway itself, so no agency key travels to a browser. The caller is the
 * live card session (401), and the agency is the session's own (an active agency, 403), never one named by the
 * request. The rest of the chain is the same as for an agency system.
 */
final class ConsoleClientPolicy implements Handler<RoutingContext> {

  private final SessionAuth auth;
  private final AgencyDirectory agencies;

  ConsoleClientPolicy(SessionStore sessions, AgencyDirectory agencies) {
    this.auth = new SessionAuth(sessions);
    this.agencies = agencies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    LookupContext lc = LookupContext.of(ctx);
    auth.authenticate(ctx)
        .compose(session -> {
          lc.session = session;
          return agencies.agency(session.agencyCode());
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else if (ar.result().isEmpty() || !ar.result().get().active()) {
            ctx.fail(LookupProblems.AGENCY_INACTIVE.exception("The card session's agency is not active on this gateway."));
          } else {
            lc.agency = ar.result().get();
            ctx.next();
          }
        });
  }
}
