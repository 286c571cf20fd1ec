package io.linkgate.session;

import io.linkgate.http.JsonBody;
import io.linkgate.registry.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Base64;
import java.util.Comparator;

/** {@code /v1/sessions}: challenge, login, PIN-failure reports, and the current session. */
public final class SessionRoutes {

  private final LoginService logins;
  private final SessionStore store;
  private final SessionConfig config;
  private final int maxBodySize;

  public SessionRoutes(LoginService logins, SessionStore store, SessionConfig config, int maxBodySize) {
    this.logins = logins;
    this.store = store;
    this.config = config;
    this.maxBodySize = maxBodySize;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodySize);
    SessionAuth auth = new SessionAuth(store);
    router.post("/v1/sessions/challenge").handler(this::challenge);
    router.post("/v1/sessions").handler(body).handler(this::login);
    router.post("/v1/sessions/pin-failures").handler(body).handler(this::pinFailure);
    router.get("/v1/sessions/current").handler(auth).handler(this::current);
    router.post("/v1/sessions/current/heartbeat").handler(auth).handler(ctx -> ctx.response().setStatusCode(204).end());
    router.delete("/v1/sessions/current").handler(auth).handler(this::logout);
  }

  private void challenge(RoutingContext ctx) {
    Challenges.Challenge c = logins.challenge();
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(new JsonObject()
        .put("challengeId", c.id())
        .put("nonce", Base64.getEncoder().encodeToString(c.nonce()))
        .put("expiresAt", c.expiresAt().toString()));
  }

  private void login(RoutingContext ctx) {
    LoginRequest request = LoginRequest.parse(JsonBody.of(ctx));
    logins.login(request).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Session s = ar.result().session();
      ctx.response().setStatusCode(201).putHeader("Cache-Control", "no-store");
      ctx.json(new JsonObject()
          .put("token", ar.result().token())
          .put("expiresAt", s.expiresAt().toString())
          .put("idleTimeoutSeconds", config.idleTimeout().toSeconds())
          .put("officer", officerJson(s)));
    });
  }

  private void pinFailure(RoutingContext ctx) {
    PinFailureReport report = PinFailureReport.parse(JsonBody.of(ctx));
    logins.pinFailure(report).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  private void current(RoutingContext ctx) {
    Session s = SessionAuth.current(ctx);
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(new JsonObject()
        .put("sessionId", s.id().toString())
        .put("agency", s.agencyCode())
        .put("deviceId", s.deviceId())
        .put("createdAt", s.createdAt().toString())
        .put("expiresAt", s.expiresAt().toString())
        .put("idleExpiresAt", store.idleExpiry(s).toString())
        .put("idleTimeoutSeconds", config.idleTimeout().toSeconds())
        .put("officer", officerJson(s)));
  }

  private void logout(RoutingContext ctx) {
    Session s = SessionAuth.current(ctx);
    String given = ctx.request().getParam("reason");
    if (given != null && !given.equals("card-removed")) {
      // a reason the gateway does not know ends nothing: the session stays, as for any refused request
      ctx.fail(io.linkgate.lookup.LookupProblems.INVALID_INPUT.exception(
          "reason may only be card-removed (or left out for a logout).").with("field", "reason"));
      return;
    }
    String reason = given == null ? "LOGOUT" : "CARD_REMOVED";
    store.end(s, reason).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  static JsonObject officerJson(Session s) {
    JsonArray roles = new JsonArray();
    s.officer().roles().stream().sorted(Comparator.comparing(Role::ordinal)).forEach(r -> roles.add(r.name()));
    JsonArray services = new JsonArray();
    s.officer().services().stream().sorted().forEach(services::add);
    return new JsonObject()
        .put("id", s.officer().id().toString())
        .put("displayName", s.officer().nameTh())
        .put("displayNameEn", s.officer().nameEn())
        .put("rank", s.officer().rank().name())
        .put("roles", roles)
        .put("services", services);
  }
}
