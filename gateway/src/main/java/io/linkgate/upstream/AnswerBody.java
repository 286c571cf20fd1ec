package io.linkgate.upstream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads an upstream's answer whole, up to a bound: a larger answer fails as an upstream error and its
 * connection is reset, so that a broken or hostile upstream cannot make the gateway hold unbounded memory. An
 * answer that arrives in one piece (a person record does) is kept as it came, not copied into a second buffer.
 */
final class AnswerBody {

  /** The most the gateway reads of one answer; a person record is about 1 KB, a house record a few. */
  static final int MAX_BYTES = 4 << 20;

  private final Promise<Buffer> promise = Promise.promise();
  private final HttpClientRequest request;
  private final int maxBytes;
  private Buffer body;
  private boolean copied;

  private AnswerBody(HttpClientRequest request, int maxBytes) {
    this.request = request;
    this.maxBytes = maxBytes;
  }

  static Future<Buffer> read(HttpClientRequest request, HttpClientResponse response) {
    return read(request, response, MAX_BYTES);
  }

  static Future<Buffer> read(HttpClientRequest request, HttpClientResponse response, int maxBytes) {
    AnswerBody reader = new AnswerBody(request, maxBytes);
    response.exceptionHandler(reader.promise::tryFail);
    response.handler(reader::chunk);
    response.endHandler(v -> reader.promise.tryComplete(reader.body == null ? Buffer.buffer() : reader.body));
    return reader.promise.future();
  }

  private void chunk(Buffer chunk) {
    if (promise.future().isComplete()) {
      return;
    }
    int size = (body == null ? 0 : body.length()) + chunk.length();
    if (size > maxBytes) {
      body = null;
      promise.tryFail(UpstreamProblems.ERROR.exception("The upstream's answer is larger than the " + maxBytes
          + " bytes the gateway reads; the call was cut off."));
      request.reset();
      return;
    }
    if (body == null) {
      body = chunk; // Vert.x hands every chunk over in a buffer of its own
    } else if (!copied) {
      body = Buffer.buffer(Math.min(maxBytes, Math.max(4096, size * 2))).appendBuffer(body).appendBuffer(chunk);
      copied = true;
    } else {
      body.appendBuffer(chunk);
    }
  }
}
