package io.linkgate.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Every {@code %} in the request URI must start a two-digit hex escape, none may escape a NUL, and no control
 * character may stand in the URI raw. The router decodes path parameters and the query string lazily, at route
 * matching or at the first {@code getParam}; a broken escape there is an exception carrying the whole URI (citizen
 * IDs included), and a NUL reaches PostgreSQL, which refuses it in any text value. Checked here, before any
 * route, each is a plain 400 that names no part of the request.
 */
public final class UriEscapes implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    int bad = firstBadCharacter(ctx.request().uri());
    if (bad >= 0) {
      ctx.fail(Problems.BAD_REQUEST.exception("The request URI has a malformed percent-escape, an escaped NUL (%00) or a control "
          + "character at character " + (bad + 1) + "; every % must be followed by two hex digits (write a literal % as %25)."));
      return;
    }
    ctx.next();
  }

  /**
   * The index of the first {@code %} not followed by two hex digits, of the first {@code %00}, or of the first
   * control character (below U+0020, or U+007F); -1 when there is none.
   */
  public static int firstBadCharacter(String uri) {
    int n = uri.length();
    for (int i = 0; i < n; i++) {
      char c = uri.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return i;
      }
      if (c == '%') {
        if (i + 2 >= n || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2)) || (uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0')) {
          return i;
        }
        i += 2;
      }
    }
    return -1;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
