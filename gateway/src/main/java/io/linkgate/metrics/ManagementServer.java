package io.linkgate.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The management port: {@code /metrics} (Prometheus text format), {@code /health/live}, {@code /health/ready}. */
public final class ManagementServer extends VerticleBase {

  private final ManagementConfig config;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;
  private HttpServer server;

  public ManagementServer(ManagementConfig config, PrometheusMeterRegistry registry, Readiness readiness) {
    this.config = config;
    this.registry = registry;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
    // GET or HEAD (some load balancers' checks): Vert.x leaves a HEAD answer's body out
    router.route("/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      JsonObject state = readiness.describe(); // read once: the status code and the body agree
      ctx.response()
          .setStatusCode("UP".equals(state.getString("status")) ? 200 : 503)
          .putHeader("Content-Type", "application/json")
          .end(state.encode());
    });
    // as every other refusal: problem+json with a correlation id
    router.route().last().handler(ctx -> io.linkgate.http.ProblemResponder.send(ctx, io.linkgate.http.Problems.NOT_FOUND
        .exception("The management port serves /metrics, /health/live and /health/ready.")));
    server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false));
    return server.requestHandler(router).listen(config.port(), config.host());
  }

  public int actualPort() {
    return server.actualPort();
  }
}
