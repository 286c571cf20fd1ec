package io.linkgate.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * One instance per event loop. Thin on purpose: it builds the server and the router's fixed front
 * (correlation id, size limits, error boundary) and hands requests to the routes the features mount.
 */
public final class ApiVerticle extends VerticleBase {

  /** Mounts the feature routes on a fresh router; called once per verticle instance. */
  public interface Routes {
    void mount(Router router);
  }

  private final ApiConfig config;
  private final Routes routes;
  private HttpServer server;
  private long sweeper = -1;

  public ApiVerticle(ApiConfig config, Routes routes) {
    this.config = config;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler(router);
    router.route().handler(new CorrelationId());
    router.route().handler(new SlowRequests());
    router.route().handler(new RequestLimits(config.maxHeaderSize()));
    router.route().handler(new UriEscapes());
    routes.mount(router);
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 431, 500, 503}) {
      router.errorHandler(status, failures);
    }
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        // a negative port makes every instance share one random port (port 0 would give each its own)
        .setPort(config.port() == 0 ? -1 : config.port())
        .setIdleTimeout((int) config.idleTimeout().toSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        // hard codec limits above the configured ones, so RequestLimits can answer with problem+json
        .setMaxHeaderSize(Math.max(config.maxHeaderSize() * 2, 16384))
        .setMaxInitialLineLength(RequestLimits.MAX_URI * 2)
        // HTTP/1.1 only, as documented and tested: no cleartext HTTP/2 (prior knowledge or Upgrade: h2c)
        .setHttp2ClearTextEnabled(false)
        .setTcpNoDelay(true);
    // a body trickled in restarts the idle timeout with every chunk: it gets the same time in all
    RequestDeadlines deadlines = new RequestDeadlines(config.idleTimeout().toNanos());
    sweeper = vertx.setPeriodic(1000, id -> deadlines.sweep());
    server = vertx.createHttpServer(options)
        // what the codec cannot read (over those hard limits, malformed) is answered problem+json too
        .invalidRequestHandler(new InvalidRequests(options.getMaxInitialLineLength(), options.getMaxHeaderSize()));
    return server.requestHandler(request -> {
      deadlines.received(request);
      router.handle(request);
    }).listen();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    // stop accepting, let in-flight requests finish within the grace period
    return server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownGracePeriod().toMillis(), TimeUnit.MILLISECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
