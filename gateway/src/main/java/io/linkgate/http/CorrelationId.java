package io.linkgate.http;

import io.linkgate.logging.RequestLogContext;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Takes {@code X-Correlation-Id} when it is well-formed (8 to 64 of {@code A-Z a-z 0-9 . _ : -}) and holds no
 * citizen ID, otherwise makes one, and echoes it on the response. Everything logged while handling the request carries it
 * ({@link RequestLogContext}). Also sets every answer's default {@code Cache-Control: no-store}.
 */
public final class CorrelationId implements Handler<RoutingContext> {

  public static final String HEADER = "X-Correlation-Id";
  private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  static final String KEY = "linkgate.correlationId";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    AsciiString value; // printable ASCII either way, handed to Vert.x as bytes
    String id;
    // one that holds a citizen ID (a case number made of it) is not taken: the id goes into every log line
    if (given != null && WELL_FORMED.matcher(given).matches() && !io.linkgate.citizen.CitizenId.appearsIn(given)) {
      id = given;
      value = HeaderValues.ascii(given);
    } else {
      value = new AsciiString(generateBytes(), false);
      id = value.toString();
    }
    ctx.put(KEY, id);
    RequestLogContext.bind(id);
    ctx.response().putHeader(HEADER_NAME, value)
        // answers name officers, citizens and agencies: no cache keeps one unless its route says otherwise (the
        // console's files, the OpenAPI description); set here, the first handler of every request, not by a route of
        // its own that each lookup would pass through
        .putHeader(CACHE_CONTROL, NO_STORE);
    ctx.next();
  }

  /** The request's correlation id; one is made if the handler has not run (e.g. on an early 404). */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    if (id == null) {
      id = generate();
      ctx.put(KEY, id);
      RequestLogContext.bind(id);
      if (!ctx.response().headWritten()) {
        ctx.response().putHeader(HEADER, id);
      }
    }
    return id;
  }

  static String generate() {
    return new String(generateBytes(), StandardCharsets.ISO_8859_1);
  }

  /** 32 random lowercase hex digits. */
  private static byte[] generateBytes() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] out = new byte[32];
    long a = r.nextLong();
    long b = r.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
      out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
    }
    return out;
  }
}
