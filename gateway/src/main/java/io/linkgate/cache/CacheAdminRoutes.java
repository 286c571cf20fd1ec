package io.linkgate.cache;

import io.linkgate.citizen.CitizenId;
import io.linkgate.http.JsonBody;
import io.linkgate.http.Problems;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code POST /v1/admin/cache/purge {dataset, target?}}: drops a dataset's cached answers, or one target's
 * (a citizen ID, or a juristic id for gdx.juristic). The target travels in the body, never in a URL.
 * Mounted behind the admin routes' authentication.
 */
public final class CacheAdminRoutes {

  private static final Set<String> FIELDS = Set.of("dataset", "target");

  private final LookupCache cache;
  private final io.vertx.sqlclient.Pool pool;

  public CacheAdminRoutes(LookupCache cache, io.vertx.sqlclient.Pool pool) {
    this.cache = cache;
    this.pool = pool;
  }

  public void mount(Router router) {
    router.post("/v1/admin/cache/purge").handler(this::purge);
  }

  private void purge(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx).only(FIELDS); // a misspelt target must not read as "the whole dataset"
    String dataset = body.string("dataset", 40);
    CacheConfig.CacheName name = null;
    for (CacheConfig.CacheName c : CacheConfig.CacheName.values()) {
      if (c.key().equals(dataset)) {
        name = c;
      }
    }
    if (name == null) {
      throw Problems.BAD_REQUEST.exception("Field 'dataset' must be one of linkage.person, linkage.house, linkage.other, gdx.juristic.")
          .with("field", "dataset");
    }
    String target = body.optionalString("target", 13);
    if (target != null) {
      String problem = name == CacheConfig.CacheName.JURISTIC ? CitizenId.juristicProblem(target) : CitizenId.problem(target);
      if (problem != null) {
        throw Problems.BAD_REQUEST.exception("Field 'target' " + problem + ".").with("field", "target");
      }
    }
    long purged = cache.purge(name, target);
    // audited without the target: the trail holds no citizen ID
    io.linkgate.registry.AdminAudit.record(pool, io.linkgate.registry.AdminAuth.actor(ctx), "cache.purge", dataset,
            new JsonObject().put("oneTarget", target != null).put("purged", purged))
        .onSuccess(v -> ctx.json(new JsonObject().put("dataset", dataset).put("purged", purged)))
        .onFailure(ctx::fail);
  }
}
