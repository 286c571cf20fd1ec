package io.linkgate.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A document the gateway ships (the console's files, the OpenAPI description) answered with a strong {@code ETag} of
 * its content and {@code Cache-Control: no-cache}: a browser keeps it but asks every time it uses it, and gets a 304
 * without a body while it is unchanged. After an upgrade the next use fetches the new version, never an old script
 * against the new API (a {@code max-age} let it run old ones for minutes, and mix old and new modules).
 */
public record Revalidated(Buffer body, String contentType, String etag) {

  public static Revalidated of(Buffer body, String contentType) {
    return new Revalidated(body, contentType, etagOf(body));
  }

  /** 304 when the request's {@code If-None-Match} names this version, else the body (headers only for HEAD). */
  public void send(RoutingContext ctx) {
    var response = ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader(HttpHeaders.ETAG, etag);
    if (matches(ctx.request())) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length())).end();
    } else {
      response.end(body);
    }
  }

  /** {@code If-None-Match} compares weakly (RFC 9110 13.1.2): {@code W/"x"} matches {@code "x"}; {@code *} matches any. */
  private boolean matches(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (header == null) {
      return false;
    }
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  static String etagOf(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
