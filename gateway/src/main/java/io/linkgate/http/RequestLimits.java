package io.linkgate.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Size limits checked before any other work: the header block (431) and the URI (414). The HTTP codec's
 * own hard limits sit above these, so that normal oversize requests still get a problem+json answer.
 */
public final class RequestLimits implements Handler<RoutingContext> {

  static final int MAX_URI = 2048;

  private final int maxHeaderSize;

  public RequestLimits(int maxHeaderSize) {
    this.maxHeaderSize = maxHeaderSize;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().uri().length() > MAX_URI) {
      ctx.fail(Problems.URI_TOO_LONG.exception("The request URI is longer than " + MAX_URI + " characters."));
      return;
    }
    MultiMap headers = ctx.request().headers();
    int size = 0;
    for (Map.Entry<String, String> h : headers) {
      size += h.getKey().length() + h.getValue().length() + 4;
    }
    if (size > maxHeaderSize) {
      ctx.fail(Problems.HEADERS_TOO_LARGE.exception("The request headers total " + size + " bytes; the limit is " + maxHeaderSize + "."));
      return;
    }
    ctx.next();
  }
}
