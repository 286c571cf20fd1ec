package io.linkgate.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens as a response ends. Requests (not event streams) slower than a threshold are logged with method, route
 * template, status and correlation id, at most {@link #LINES_PER_MINUTE} lines a minute per event loop (a client
 * trickling its bodies could otherwise write the log at its own pace; the lines left out are counted in the next).
 * And a request whose body is still arriving once its answer is out (a body on a GET, one refused 413, one a route never
 * reads) has its connection closed: the gateway would otherwise read and throw away whatever the client sends, for as
 * long as it keeps sending.
 */
public final class SlowRequests implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(SlowRequests.class);
  static final long THRESHOLD_MILLIS = 3000;
  static final int LINES_PER_MINUTE = 20;

  // one instance per event loop (ApiVerticle): its handlers run on that loop only
  private long minuteStart = Long.MIN_VALUE;
  private int linesThisMinute;
  private long leftOut;

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(v -> {
      HttpServerRequest request = ctx.request();
      if (!request.isEnded()) {
        // an answer given at once may come before the end of its own bodyless request is read from the same packet:
        // look again once the event loop has handled what it read
        ctx.vertx().runOnContext(x -> {
          if (!request.isEnded()) {
            request.connection().close();
          }
        });
      }
      long now = System.nanoTime();
      long millis = (now - start) / 1_000_000;
      String type = ctx.response().headers().get("Content-Type");
      boolean stream = type != null && type.startsWith("text/event-stream");
      if (millis >= THRESHOLD_MILLIS && !stream && budget(now)) {
        LOG.atWarn()
            .addKeyValue("correlationId", CorrelationId.of(ctx))
            .addKeyValue("method", request.method().name())
            .addKeyValue("route", ProblemResponder.routeOf(ctx)) // the template, never the path
            .addKeyValue("status", ctx.response().getStatusCode())
            .addKeyValue("millis", millis)
            .addKeyValue("slowRequestsNotLogged", takeLeftOut())
            .log("slow request");
      }
    });
    ctx.next();
  }

  private boolean budget(long now) {
    if (now - minuteStart >= 60_000_000_000L) {
      minuteStart = now;
      linesThisMinute = 0;
    }
    if (linesThisMinute < LINES_PER_MINUTE) {
      linesThisMinute++;
      return true;
    }
    leftOut++;
    return false;
  }

  private long takeLeftOut() {
    long n = leftOut;
    leftOut = 0;
    return n;
  }
}
