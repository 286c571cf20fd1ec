package io.linkgate.registry;

import io.linkgate.http.ProblemType;
import io.linkgate.session.Session;
import io.linkgate.session.SessionAuth;
import io.linkgate.session.SessionStore;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Admin calls need an ADMIN or SUPER_ADMIN card session, or, for first set-up only, the bootstrap admin
 * token from the configuration. Puts the acting principal (officer id or {@code bootstrap}) on the context.
 */
public final class AdminAuth {

  public static final ProblemType ADMIN_REQUIRED = new ProblemType("admin-required", "Admin role required", 403);
  static final String ACTOR = "linkgate.admin.actor";

  private final SessionAuth sessions;
  private final byte[] bootstrap;

  public AdminAuth(SessionStore store, String bootstrapToken) {
    this.sessions = new SessionAuth(store);
    this.bootstrap = bootstrapToken.isEmpty() ? null : bootstrapToken.getBytes(StandardCharsets.UTF_8);
  }

  /** Adds the two checks to {@code route}: who is calling, then whether they may administer. */
  public Route protect(Route route) {
    return route.handler(this::identify).handler(this::requireAdmin);
  }

  private void identify(RoutingContext ctx) {
    String token = SessionAuth.bearer(ctx);
    if (bootstrap != null && token != null && MessageDigest.isEqual(bootstrap, token.getBytes(StandardCharsets.UTF_8))) {
      ctx.put(ACTOR, "bootstrap");
      ctx.next();
    } else {
      sessions.handle(ctx);
    }
  }

  private void requireAdmin(RoutingContext ctx) {
    if ("bootstrap".equals(ctx.get(ACTOR))) {
      ctx.next();
      return;
    }
    Session session = SessionAuth.current(ctx);
    if (!session.officer().has(Role.ADMIN) && !session.officer().has(Role.SUPER_ADMIN)) {
      ctx.fail(ADMIN_REQUIRED.exception("Registry administration needs an ADMIN or SUPER_ADMIN card session."));
      return;
    }
    ctx.put(ACTOR, session.officer().id().toString());
    ctx.next();
  }

  static String actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }
}
