package io.linkgate.lookup;

import io.linkgate.ratelimit.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Policy 4: working hours, the session's bucket, the officer's daily and the agency's monthly quota. */
final class RateLimitPolicy implements Handler<RoutingContext> {

  private final RateLimiter limiter;

  RateLimitPolicy(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    LookupContext lc = LookupContext.of(ctx);
    limiter.admit(lc.session.id(), lc.session.officer().id(), lc.agency, lc.agencyService).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        lc.admission = ar.result();
        ctx.next();
      }
    });
  }
}
