package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.notFound;

import io.linkgate.http.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;

/**
 * An agency's API keys: create, list, rotate, revoke. The secret is returned once, by the call that makes
 * it; only its SHA-256 and first characters are stored. Rotation revokes the old key at once (for a planned
 * change without downtime, create a second key, deploy it, then revoke the first). A revoked key is refused
 * at once on this instance and within the registry cache refresh (30 s) on the others.
 */
final class KeyAdmin {

  private static final Set<String> FIELDS = Set.of("label");

  private final Pool pool;
  private final AgencyDirectory directory;

  KeyAdmin(Pool pool, AgencyDirectory directory) {
    this.pool = pool;
    this.directory = directory;
  }

  void mount(Router router) {
    router.post("/v1/admin/agencies/:code/keys").handler(this::create);
    router.get("/v1/admin/agencies/:code/keys").handler(this::list);
    router.post("/v1/admin/agencies/:code/keys/:id/rotate").handler(this::rotate);
    router.delete("/v1/admin/agencies/:code/keys/:id").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    String label = label(ctx, "");
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> requireAgency(conn, agency)
            .compose(v -> insert(conn, agency, label))
            .compose(key -> AdminAudit.record(conn, actor, "key.create", key.getString("id"), audit(agency, key)).map(key)))
        .onSuccess(key -> {
          directory.invalidateAll(); // its prefix among the active keys' at once (AgencyDirectory.byApiKey)
          created(ctx, key);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    pool.withConnection(conn -> requireAgency(conn, agency)
            .compose(v -> conn.preparedQuery("""
                    SELECT id, agency_code, key_prefix, label, created_at, revoked_at FROM agency_api_key
                    WHERE agency_code = $1 ORDER BY created_at DESC, id""").execute(Tuple.of(agency))))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(json(row)));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  /**
   * Revokes the key and makes a new one with the same label (or the body's), returned once. Audited twice, under each
   * key: {@code key.revoke} of the old one (with {@code replacedBy}) and {@code key.rotate} of the new one (with
   * {@code replaces}), so that the trail of either key tells what became of it.
   */
  private void rotate(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    UUID id = AdminRequests.uuidPath(ctx, "id", "key");
    String label = label(ctx, null);
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> revokeRow(conn, agency, id)
            .compose(old -> insert(conn, agency, label != null ? label : old.getString("label"))
                .compose(key -> AdminAudit.record(conn, actor, "key.revoke", id.toString(), new JsonObject().put("agency", agency)
                    .put("prefix", old.getString("prefix")).put("label", old.getString("label")).put("replacedBy", key.getString("id")))
                    .map(key)))
            .compose(key -> AdminAudit.record(conn, actor, "key.rotate", key.getString("id"),
                audit(agency, key).put("replaces", id.toString())).map(key.put("replaces", id.toString()))))
        .onSuccess(key -> {
          directory.invalidateAll();
          created(ctx, key);
        })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    UUID id = AdminRequests.uuidPath(ctx, "id", "key");
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> revokeRow(conn, agency, id)
            .compose(old -> AdminAudit.record(conn, actor, "key.revoke", id.toString(),
                new JsonObject().put("agency", agency).put("prefix", old.getString("prefix")).put("label", old.getString("label")))))
        .onSuccess(v -> {
          directory.invalidateAll();
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private static Future<Void> requireAgency(SqlConnection conn, String agency) {
    return conn.preparedQuery("SELECT 1 FROM agency WHERE code = $1").execute(Tuple.of(agency))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound("No agency " + agency + ".")) : Future.succeededFuture());
  }

  /** A new key: the JSON answer, with the secret (the only time it exists outside the caller). */
  private static Future<JsonObject> insert(SqlConnection conn, String agency, String label) {
    String secret = ApiKeys.newSecret();
    UUID id = UUID.randomUUID();
    return conn.preparedQuery("""
            INSERT INTO agency_api_key (id, agency_code, key_hash, key_prefix, label) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, agency_code, key_prefix, label, created_at, revoked_at""")
        .execute(Tuple.of(id, agency, Buffer.buffer(ApiKeys.hash(secret)), ApiKeys.prefix(secret), label))
        .map(rows -> json(rows.iterator().next()).put("secret", secret));
  }

  private static Future<JsonObject> revokeRow(SqlConnection conn, String agency, UUID id) {
    return conn.preparedQuery("""
            UPDATE agency_api_key SET revoked_at = now() WHERE id = $1 AND agency_code = $2 AND revoked_at IS NULL
            RETURNING id, agency_code, key_prefix, label, created_at, revoked_at""")
        .execute(Tuple.of(id, agency))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(notFound("Agency " + agency + " has no active key with this id."))
            : Future.succeededFuture(json(rows.iterator().next())));
  }

  /** The optional {@code label}; the body itself is optional. */
  private static String label(RoutingContext ctx, String fallback) {
    if (ctx.body().length() <= 0) {
      return fallback;
    }
    JsonBody body = JsonBody.of(ctx).only(FIELDS);
    return body.has("label") ? body.string("label", 200) : fallback;
  }

  /** What the audit trail keeps of a key: never the secret or its hash. */
  private static JsonObject audit(String agency, JsonObject key) {
    return new JsonObject().put("agency", agency).put("prefix", key.getString("prefix")).put("label", key.getString("label"));
  }

  private static void created(RoutingContext ctx, JsonObject key) {
    ctx.response().setStatusCode(201).putHeader("Cache-Control", "no-store");
    ctx.json(key);
  }

  private static JsonObject json(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("agency", row.getString("agency_code"))
        .put("prefix", row.getString("key_prefix")).put("label", row.getString("label"))
        .put("createdAt", AdminRequests.iso(row.getOffsetDateTime("created_at")))
        .put("revokedAt", AdminRequests.iso(row.getOffsetDateTime("revoked_at")))
        .put("revoked", row.getOffsetDateTime("revoked_at") != null);
  }
}
