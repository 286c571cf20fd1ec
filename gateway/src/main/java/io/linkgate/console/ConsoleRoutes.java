package io.linkgate.console;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Serves the web console (plain ES modules and CSS from {@code console/} on the classpath) at {@code /console/}
 * with a strict Content-Security-Policy: only this origin, plus card-edge's local API on the loopback port the
 * page is told about ({@code ?edge=PORT}, else {@code console.cardEdgePort}). No third-party origin, no inline
 * script or style, never framed. Every file is revalidated on each use ({@link ConsoleAssets}).
 */
public final class ConsoleRoutes {

  static final String ROOT = "console";

  private final ConsoleConfig config;
  private final ConsoleAssets assets;

  public ConsoleRoutes(ConsoleConfig config) {
    this(config, ConsoleRoutes.class.getClassLoader()::getResourceAsStream);
  }

  /** {@code resources} opens a classpath resource by name: a test serves files of its own. */
  ConsoleRoutes(ConsoleConfig config, Function<String, InputStream> resources) {
    this.config = config;
    this.assets = new ConsoleAssets(ROOT, resources);
  }

  public void mount(Router router) {
    if (!config.enabled()) {
      return;
    }
    // HEAD too: "/console/*" matches "/console" as well, and has no file to answer for it
    router.route("/console").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next(); // vertx-web matches "/console/" here too: that is the page itself
        return;
      }
      ctx.response().setStatusCode(301)
          .putHeader(HttpHeaders.LOCATION, "/console/" + (ctx.request().query() == null ? "" : "?" + ctx.request().query()))
          .end();
    });
    router.route("/console/*").handler(this::headers).handler(this::settings)
        .handler(ctx -> {
          String path = ctx.normalizedPath();
          if (!path.startsWith("/console/")) {
            ctx.next(); // no file of the console's: not found
            return;
          }
          assets.serve(ctx, path.substring("/console/".length()));
        });
  }

  /** Security headers on every console response. */
  private void headers(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
      ctx.fail(405);
      return;
    }
    int edge = edgePort(ctx.request().getParam("edge"));
    // the console's files hold nothing personal: the API's default no-store gives way to their no-cache (revalidate)
    ctx.response().headers().remove(HttpHeaders.CACHE_CONTROL);
    ctx.addHeadersEndHandler(v -> {
      var h = ctx.response().headers();
      h.set("Content-Security-Policy", policy(edge));
      h.set("X-Content-Type-Options", "nosniff");
      h.set("Referrer-Policy", "no-referrer");
      h.set("X-Frame-Options", "DENY");
      h.set("Cross-Origin-Opener-Policy", "same-origin");
      h.set("Cross-Origin-Resource-Policy", "same-origin");
      h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    });
    ctx.next();
  }

  /** {@code /console/settings.json}: what the page needs to know before it talks to card-edge. */
  private void settings(RoutingContext ctx) {
    if (!ctx.normalizedPath().equals("/console/settings.json")) {
      ctx.next();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(new JsonObject().put("cardEdgePort", config.cardEdgePort()).encode());
  }

  int edgePort(String param) {
    if (param != null && param.matches("[1-9][0-9]{0,4}")) {
      int port = Integer.parseInt(param);
      if (port <= 65535) {
        return port;
      }
    }
    return config.cardEdgePort();
  }

  static String policy(int edgePort) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self' ws://127.0.0.1:" + edgePort + " http://127.0.0.1:" + edgePort + "; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  }
}
