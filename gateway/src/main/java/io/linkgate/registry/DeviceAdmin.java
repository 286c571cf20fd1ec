package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.DEVICE;

import io.linkgate.http.JsonBody;
import io.linkgate.http.Problems;
import io.linkgate.session.DeviceSignature;
import io.linkgate.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Card-edge workstations: enroll ({@code POST /v1/admin/devices}), list ({@code GET /v1/admin/devices?agency=},
 * paged by agency and id) and revoke ({@code DELETE /v1/admin/devices/{id}}, which ends the device's sessions).
 */
final class DeviceAdmin {

  private static final Set<String> FIELDS = Set.of("id", "agency", "publicKey", "label");

  private final Pool pool;
  private final DeviceRepository devices;
  private final SessionStore sessions;

  DeviceAdmin(Pool pool, DeviceRepository devices, SessionStore sessions) {
    this.pool = pool;
    this.devices = devices;
    this.sessions = sessions;
  }

  void mount(Router router) {
    router.post("/v1/admin/devices").handler(this::enroll);
    router.get("/v1/admin/devices").handler(this::list);
    router.delete("/v1/admin/devices/:id").handler(this::revoke);
  }

  private void enroll(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx).only(FIELDS);
    String id = body.matching("id", DEVICE, "3 to 64 letters, digits, '.', '_' or '-'");
    String agency = body.matching("agency", AdminRequests.AGENCY, AdminRequests.AGENCY_EXPECTED);
    byte[] key = body.base64("publicKey", 256);
    if (DeviceSignature.publicKey(key) == null) {
      throw Problems.BAD_REQUEST.exception("Field 'publicKey' must be an Ed25519 public key (X.509 SubjectPublicKeyInfo, base64), as card-edge enroll prints it.")
          .with("field", "publicKey");
    }
    String label = body.has("label") ? body.string("label", 200) : "";
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM agency WHERE code = $1").execute(Tuple.of(agency))
            .compose(rows -> rows.size() == 0
                ? Future.failedFuture(AdminRoutes.UNKNOWN_REFERENCE.exception("Agency " + agency + " is not registered."))
                : devices.enroll(conn, id, agency, key, label))
            .compose(v -> AdminAudit.record(conn, actor, "device.enroll", id, new JsonObject().put("agency", agency).put("label", label))))
        .recover(e -> Future.failedFuture(AdminRequests.conflict(e, "A device with this id is already enrolled.")))
        .onSuccess(v -> {
          ctx.response().setStatusCode(201);
          ctx.json(new JsonObject().put("id", id).put("agency", agency).put("label", label));
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    List<String> where = new ArrayList<>();
    Tuple args = Tuple.tuple();
    String agency = AdminRequests.query(ctx, "agency", AdminRequests.AGENCY, AdminRequests.AGENCY_EXPECTED);
    if (agency != null) {
      args.addValue(agency);
      where.add("agency_code = $" + args.size());
    }
    Boolean revoked = AdminRequests.queryBool(ctx, "revoked");
    if (revoked != null) {
      where.add(revoked ? "revoked_at IS NOT NULL" : "revoked_at IS NULL");
    }
    List<String> after = AdminRequests.cursor(ctx, 2);
    if (after != null) {
      args.addValue(after.get(0)).addValue(after.get(1));
      where.add("(agency_code, id) > ($" + (args.size() - 1) + ", $" + args.size() + ")");
    }
    int limit = AdminRequests.limit(ctx, 100, 500);
    args.addValue(limit + 1);
    pool.preparedQuery("SELECT id, agency_code, label, enrolled_at, revoked_at, last_seen_at FROM device"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY agency_code, id LIMIT $" + args.size())
        .execute(args)
        .onSuccess(rows -> ctx.json(AdminRequests.page(rows, limit, DeviceAdmin::json,
            row -> new Object[] {row.getString("agency_code"), row.getString("id")})))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!DEVICE.matcher(id).matches()) {
      ctx.fail(AdminRequests.notFound("No device with this id."));
      return;
    }
    String actor = AdminAuth.actor(ctx);
    // the sessions end in the revocation's transaction: a revocation that commits has ended them with it
    pool.withTransaction(conn -> devices.revoke(conn, id).compose(changed -> changed
            ? AdminAudit.record(conn, actor, "device.revoke", id, new JsonObject())
            : Future.failedFuture(AdminRequests.notFound("No active device with this id.")))
            .compose(v -> sessions.endForDevice(conn, id, "DEVICE_REVOKED")))
        .onSuccess(n -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  static JsonObject json(Row row) {
    return new JsonObject().put("id", row.getString("id")).put("agency", row.getString("agency_code")).put("label", row.getString("label"))
        .put("enrolledAt", AdminRequests.iso(row.getOffsetDateTime("enrolled_at")))
        .put("revokedAt", AdminRequests.iso(row.getOffsetDateTime("revoked_at")))
        .put("lastSeenAt", AdminRequests.iso(row.getOffsetDateTime("last_seen_at")));
  }
}
