package io.linkgate.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A deadline for a request's body. Vert.x's idle timeout ({@code api.idleTimeout}) watches decoded HTTP messages:
 * header bytes trickled in one at a time do not restart it (the header block is one message), but every body chunk
 * does, so a client sending its body a byte every few seconds held a connection, and a half-read body, for as long
 * as it liked. Here a request with a body gets {@code api.idleTimeout} from its headers to deliver all of it;
 * otherwise it is answered 408 {@code request-timeout} and its connection closed.
 *
 * A request answered before its body was read (a 404, a refusal) is held to the same deadline: its connection is
 * closed when the rest has not arrived by then.
 *
 * <p>One per verticle, used on its event loop only. Requests without a body (lookups by GET) are not tracked; the
 * others are checked by {@link #sweep} once a second, which forgets those read in full.
 */
final class RequestDeadlines {

  private final long timeoutNanos;
  /** Requests whose body was still due at the last sweep, with when their headers arrived. */
  private final Map<HttpServerRequest, Long> reading = new IdentityHashMap<>();

  RequestDeadlines(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  /** A request's headers have been read: if a body follows, it is due within the timeout. */
  void received(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.CONTENT_LENGTH) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      reading.put(request, System.nanoTime());
    }
  }

  /** Answers and closes the requests whose body is past its deadline; returns how many. */
  int sweep() {
    long now = System.nanoTime();
    int refused = 0;
    for (Iterator<Map.Entry<HttpServerRequest, Long>> it = reading.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<HttpServerRequest, Long> e = it.next();
      HttpServerRequest request = e.getKey();
      HttpServerResponse response = request.response();
      if (request.isEnded() || response.closed()) {
        it.remove(); // read in full, or the connection gone: nothing more is due
      } else if (now - e.getValue() >= timeoutNanos) {
        it.remove();
        refused++;
        if (response.headWritten()) {
          // answered before its body was read (a 404, a refusal): Vert.x goes on reading the rest, which must not
          // hold the connection either
          request.connection().close();
        } else {
          refuse(request);
        }
      }
    }
    return refused;
  }

  /** Requests tracked (bounded by the requests in flight: each is forgotten at the first sweep after it is read in full). */
  int tracked() {
    return reading.size();
  }

  private void refuse(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    String correlationId = response.headers().get(CorrelationId.HEADER);
    if (correlationId == null) {
      correlationId = CorrelationId.generate();
      response.putHeader(CorrelationId.HEADER, correlationId);
    }
    response.putHeader("Connection", "close");
    ProblemResponder.send(response, Problems.REQUEST_TIMEOUT.exception(
            "The request body did not arrive within " + timeoutNanos / 1_000_000_000L + " s of its headers."), correlationId)
        .onComplete(done -> request.connection().close());
  }
}
