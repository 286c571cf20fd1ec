package io.linkgate.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Map;

/**
 * Size limits checked before any other work: the header block (431) and the URI (414). The HTTP codec's
 * own hard limits sit above these, so that normal oversize requests still get a problem+json answer. And the body's
 * framing: no transfer coding but chunked (501).
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
    // HTTP/1.x: the headers as the codec read them, without making a String of every name and value
    Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> it =
        headers instanceof HttpHeaders netty ? netty.iteratorCharSequence() : headers.iterator();
    while (it.hasNext()) {
      Map.Entry<? extends CharSequence, ? extends CharSequence> h = it.next();
      size += h.getKey().length() + h.getValue().length() + 4;
    }
    if (size > maxHeaderSize) {
      ctx.fail(Problems.HEADERS_TOO_LARGE.exception("The request headers total " + size + " bytes; the limit is " + maxHeaderSize + "."));
      return;
    }
    String coding = headers.get(io.vertx.core.http.HttpHeaders.TRANSFER_ENCODING);
    if (coding != null) {
      // RFC 9112 6.1: a coding the gateway does not decode (the codec reads a body as chunked when chunked is named
      // last, and drops a Content-Length beside it, as nginx in front does) is refused, not read as if absent
      if (!coding.trim().equalsIgnoreCase("chunked")) {
        ctx.fail(Problems.NOT_IMPLEMENTED.exception("The only transfer coding the gateway takes is chunked."));
        return;
      }
    }
    ctx.next();
  }
}
