package io.linkgate.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP codec could not read (a request line or header block over the codec's hard limits, or
 * malformed HTTP) never reach the router: this answers them as every other refusal, in problem+json with a fresh
 * correlation id (414, 431 or 400), then closes the connection as Vert.x's default handler does. Nothing of the
 * request is echoed or logged: its URI may hold a citizen ID.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

  private final int maxInitialLineLength;
  private final int maxHeaderSize;

  /** The codec's limits, as set on the server's {@code HttpServerOptions}, for the problem's detail. */
  public InvalidRequests(int maxInitialLineLength, int maxHeaderSize) {
    this.maxInitialLineLength = maxInitialLineLength;
    this.maxHeaderSize = maxHeaderSize;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String correlationId = CorrelationId.generate();
    request.response().putHeader(CorrelationId.HEADER, correlationId).putHeader("Connection", "close");
    ProblemResponder.send(request.response(), problem(request), correlationId)
        .onComplete(done -> request.connection().close());
  }

  /** The refusal of a request the codec could not read, by the codec's reason. */
  public ProblemException problem(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException) {
      return Problems.URI_TOO_LONG.exception("The request line is longer than " + maxInitialLineLength + " bytes.");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Problems.HEADERS_TOO_LARGE.exception("The request headers are larger than " + maxHeaderSize + " bytes.");
    }
    return Problems.BAD_REQUEST.exception("The request is not well-formed HTTP/1.1.");
  }
}
