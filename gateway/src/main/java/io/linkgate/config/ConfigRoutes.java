package io.linkgate.config;

import io.linkgate.http.Problems;
import io.vertx.ext.web.Router;

/** {@code POST /v1/admin/config/reload}, behind the admin routes' authentication. */
public final class ConfigRoutes {

  private final ConfigReloader reloader;
  private final io.vertx.sqlclient.Pool pool;

  public ConfigRoutes(ConfigReloader reloader, io.vertx.sqlclient.Pool pool) {
    this.reloader = reloader;
    this.pool = pool;
  }

  public void mount(Router router) {
    router.post("/v1/admin/config/reload").handler(ctx -> ctx.vertx().<io.vertx.core.json.JsonObject>executeBlocking(reloader::reload)
        .compose(result -> io.linkgate.registry.AdminAudit.record(pool, io.linkgate.registry.AdminAuth.actor(ctx), "config.reload",
            "config", result).map(result))
        .onSuccess(ctx::json)
        .onFailure(e -> ctx.fail(e instanceof ConfigException c
            ? Problems.BAD_REQUEST.exception("The configuration was not reloaded: " + c.getMessage()).with("field", c.key())
            : e)));
  }
}
