package io.linkgate.upstream;

import io.vertx.core.buffer.Buffer;

/** An upstream's answer, read whole: the status and the body (empty when there was none). */
public record UpstreamResponse(int statusCode, Buffer body) {
}
