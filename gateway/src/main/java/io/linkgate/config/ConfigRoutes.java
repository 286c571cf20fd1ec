package io.linkgate.config;

import io.linkgate.http.Problems;
import io.linkgate.registry.AdminAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * {@code POST /v1/admin/config/reload}, behind the admin routes' authentication. The reload (given the acting
 * admin) writes its audit record before it applies anything.
 */
public final class ConfigRoutes {

  private final Function<String, JsonObject> reload;

  public ConfigRoutes(Function<String, JsonObject> reload) {
    this.reload = reload;
  }

  public void mount(Router router) {
    router.post("/v1/admin/config/reload").handler(ctx -> {
      String actor = AdminAuth.actor(ctx);
      ctx.vertx().<JsonObject>executeBlocking(() -> reload.apply(actor))
          .onSuccess(ctx::json)
          .onFailure(e -> ctx.fail(e instanceof ConfigException c
              ? Problems.BAD_REQUEST.exception("The configuration was not reloaded: " + c.getMessage()).with("field", c.key())
              : e));
    });
  }
}
