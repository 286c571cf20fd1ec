package io.linkgate.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Writes a problem as {@code application/problem+json}. */
public final class ProblemResponder {

  public static final String CONTENT_TYPE = "application/problem+json";

  private ProblemResponder() {
  }

  public static void send(RoutingContext ctx, ProblemException problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    send(response, problem, CorrelationId.of(ctx));
  }

  /** Writes the problem on a response outside a route (its correlation id header is the caller's to set). */
  static io.vertx.core.Future<Void> send(HttpServerResponse response, ProblemException problem, String correlationId) {
    JsonObject body = new JsonObject()
        .put("type", problem.type().uri())
        .put("title", problem.type().title())
        .put("status", problem.type().status())
        .put("detail", problem.detail())
        .put("correlationId", correlationId);
    for (Map.Entry<String, Object> e : problem.members().entrySet()) {
      body.put(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : problem.headers().entrySet()) {
      response.putHeader(e.getKey(), e.getValue());
    }
    if (problem.type().challenge() != null && !problem.headers().containsKey("WWW-Authenticate")) {
      response.putHeader("WWW-Authenticate", problem.type().challenge());
    }
    return response.setStatusCode(problem.type().status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  /** The route template, never the concrete path: paths can hold citizen IDs. */
  static String routeOf(RoutingContext ctx) {
    return ctx.currentRoute() == null ? null : ctx.currentRoute().getPath();
  }
}
