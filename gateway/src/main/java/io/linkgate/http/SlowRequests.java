package io.linkgate.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs requests (not event streams) that took longer than a threshold, with method, route template, status and correlation id. */
public final class SlowRequests implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(SlowRequests.class);
  static final long THRESHOLD_MILLIS = 3000;

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(v -> {
      long millis = (System.nanoTime() - start) / 1_000_000;
      String type = ctx.response().headers().get("Content-Type");
      boolean stream = type != null && type.startsWith("text/event-stream");
      if (millis >= THRESHOLD_MILLIS && !stream) {
        LOG.atWarn()
            .addKeyValue("correlationId", CorrelationId.of(ctx))
            .addKeyValue("method", ctx.request().method().name())
            .addKeyValue("route", ctx.currentRoute() == null ? null : ctx.currentRoute().getPath())
            .addKeyValue("status", ctx.response().getStatusCode())
            .addKeyValue("millis", millis)
            .log("slow request");
      }
    });
    ctx.next();
  }
}
