package io.linkgate.session;

import io.linkgate.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Requires {@code Authorization: Bearer <card session token>}; puts the live {@link Session} on the context. */
public final class SessionAuth implements Handler<RoutingContext> {

  static final String KEY = "linkgate.session";
  private static final String CHALLENGE = "WWW-Authenticate";

  private final SessionStore store;

  public SessionAuth(SessionStore store) {
    this.store = store;
  }

  @Override
  public void handle(RoutingContext ctx) {
    authenticate(ctx).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.next();
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /** The live session of the request's bearer token (also put on the context), or a failed future with the 401 problem. */
  public Future<Session> authenticate(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      return Future.failedFuture(SessionProblems.SESSION_REQUIRED.exception("Send the officer's card session as 'Authorization: Bearer <token>'.")
          .header("WWW-Authenticate", "Bearer"));
    }
    if (!wellFormed(token)) {
      return Future.failedFuture(SessionProblems.SESSION_INVALID.exception("The bearer token is not a card session of this gateway.")
          .header("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }
    return store.authenticate(token)
        .recover(SessionAuth::withChallenge)
        .onSuccess(session -> ctx.put(KEY, session));
  }

  /** Every 401 names its scheme (RFC 9110 15.5.2): an unknown, ended or expired token is RFC 6750's invalid_token. */
  private static Future<Session> withChallenge(Throwable failure) {
    if (failure instanceof ProblemException p && p.type().status() == 401 && !p.headers().containsKey(CHALLENGE)) {
      p.header(CHALLENGE, "Bearer error=\"invalid_token\"");
    }
    return Future.failedFuture(failure);
  }

  /** {@code lgs_} and 43 URL-safe base64 characters (32 random bytes): checked by hand, a regex costs more per request. */
  static boolean wellFormed(String token) {
    if (token.length() != 47 || !token.startsWith("lgs_")) {
      return false;
    }
    for (int i = 4; i < 47; i++) {
      char c = token.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The bearer token, or {@code null}. */
  public static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).trim();
  }

  /** The session {@link SessionAuth} put on this request. */
  public static Session current(RoutingContext ctx) {
    Session s = ctx.get(KEY);
    if (s == null) {
      throw new IllegalStateException("SessionAuth did not run for this route");
    }
    return s;
  }
}
