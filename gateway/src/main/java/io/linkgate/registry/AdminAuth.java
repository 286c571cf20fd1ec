package io.linkgate.registry;

import io.linkgate.http.ProblemType;
import io.linkgate.session.Session;
import io.linkgate.session.SessionAuth;
import io.linkgate.session.SessionStore;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.UUID;

/**
 * Admin calls need an ADMIN or SUPER_ADMIN card session, or, for first set-up only, the bootstrap admin
 * token from the configuration (it may do what a SUPER_ADMIN may, so that the first SUPER_ADMIN can be
 * registered). Puts the acting principal (officer id or {@code bootstrap}) on the context.
 */
public final class AdminAuth {

  public static final ProblemType ADMIN_REQUIRED = new ProblemType("admin-required", "Admin role required", 403);
  public static final ProblemType ROLE_REQUIRED = new ProblemType("role-required", "Role required", 403);
  static final String ACTOR = "linkgate.admin.actor";
  static final String BOOTSTRAP = "bootstrap";
  private static final Set<Role> ADMINS = Set.of(Role.ADMIN, Role.SUPER_ADMIN);

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

  /**
   * The same for a route open to other roles too (e.g. the audit trail for ICT auditors); the bootstrap token
   * is accepted as well.
   */
  Route protect(Route route, Set<Role> allowed, String who) {
    return route.handler(this::identify).handler(ctx -> {
      if (!BOOTSTRAP.equals(ctx.get(ACTOR))) {
        Session session = SessionAuth.current(ctx);
        if (allowed.stream().noneMatch(session.officer()::has)) {
          ctx.fail(ROLE_REQUIRED.exception("This call is for " + who + "."));
          return;
        }
        ctx.put(ACTOR, session.officer().id().toString());
      }
      ctx.next();
    });
  }

  private void identify(RoutingContext ctx) {
    String token = SessionAuth.bearer(ctx);
    if (bootstrap != null && token != null && MessageDigest.isEqual(bootstrap, token.getBytes(StandardCharsets.UTF_8))) {
      ctx.put(ACTOR, BOOTSTRAP);
      ctx.next();
    } else {
      sessions.handle(ctx);
    }
  }

  private void requireAdmin(RoutingContext ctx) {
    if (BOOTSTRAP.equals(ctx.get(ACTOR))) {
      ctx.next();
      return;
    }
    Session session = SessionAuth.current(ctx);
    if (ADMINS.stream().noneMatch(session.officer()::has)) {
      ctx.fail(ADMIN_REQUIRED.exception("Registry administration needs an ADMIN or SUPER_ADMIN card session."));
      return;
    }
    ctx.put(ACTOR, session.officer().id().toString());
    ctx.next();
  }

  /** Who acts, as the audit trail names them: the officer's id, or "bootstrap". */
  public static String actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }

  /** The acting officer's id, or {@code null} for the bootstrap token. */
  static UUID actorOfficer(RoutingContext ctx) {
    String actor = actor(ctx);
    return actor == null || BOOTSTRAP.equals(actor) ? null : UUID.fromString(actor);
  }

  /** Whether the caller may manage ADMINs and SUPER_ADMINs: a SUPER_ADMIN session, or the bootstrap token. */
  static boolean superAdmin(RoutingContext ctx) {
    return BOOTSTRAP.equals(actor(ctx)) || SessionAuth.current(ctx).officer().has(Role.SUPER_ADMIN);
  }
}
