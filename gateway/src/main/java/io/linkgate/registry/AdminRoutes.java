package io.linkgate.registry;

import io.linkgate.http.JsonBody;
import io.linkgate.http.ProblemException;
import io.linkgate.http.ProblemType;
import io.linkgate.session.DeviceSignature;
import io.linkgate.session.SessionConfig;
import io.linkgate.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * First registry administration calls: register an officer, enroll and revoke a card-edge device, unlock an
 * officer whose PIN was blocked. Each change and its audit record are one transaction.
 */
public final class AdminRoutes {

  public static final ProblemType CONFLICT = new ProblemType("conflict", "Already exists", 409);
  public static final ProblemType UNKNOWN_REFERENCE = new ProblemType("unknown-reference", "Unknown agency or service", 422);
  public static final ProblemType RANK_NOT_ENTITLED = new ProblemType("rank-not-entitled", "Rank may not hold USER", 422);

  private static final Pattern AGENCY = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}");
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{2,63}");
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F-]{36}");

  private final Pool pool;
  private final OfficerRepository officers;
  private final DeviceRepository devices;
  private final SessionStore sessions;
  private final AdminAuth auth;
  private final SessionConfig sessionConfig;
  private final int maxBodySize;

  public AdminRoutes(Pool pool, OfficerRepository officers, DeviceRepository devices, SessionStore sessions,
                     SessionConfig sessionConfig, int maxBodySize) {
    this.pool = pool;
    this.officers = officers;
    this.devices = devices;
    this.sessions = sessions;
    this.auth = new AdminAuth(sessions, sessionConfig.bootstrapAdminToken());
    this.sessionConfig = sessionConfig;
    this.maxBodySize = maxBodySize;
  }

  public AdminAuth auth() {
    return auth;
  }

  public void mount(Router router) {
    // the body handler first: it must see the request before any asynchronous check runs
    router.route("/v1/admin/*").handler(BodyHandler.create(false).setBodyLimit(maxBodySize));
    auth.protect(router.route("/v1/admin/*"));
    router.post("/v1/admin/officers").handler(this::registerOfficer);
    router.post("/v1/admin/officers/:id/unlock").handler(this::unlock);
    router.post("/v1/admin/devices").handler(this::enroll);
    router.delete("/v1/admin/devices/:id").handler(this::revoke);
  }

  private void registerOfficer(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String citizenId = body.citizenId("citizenId");
    String agency = body.matching("agency", AGENCY, "an agency code such as DEMO");
    String nameTh = body.string("nameTh", 200);
    String nameEn = body.has("nameEn") ? body.string("nameEn", 200) : "";
    Rank rank = enumValue(body, "rank", Rank.class);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : body.strings("roles", 7, 32)) {
      roles.add(parse(Role.class, r, "roles"));
    }
    List<String> services = body.strings("services", 100, 40);
    if (roles.contains(Role.USER) && !sessionConfig.linkageRanks().contains(rank)) {
      throw RANK_NOT_ENTITLED.exception("Rank " + rank + " may not hold USER; allowed: " + sessionConfig.linkageRanks() + ".");
    }
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> checkReferences(conn, agency, roles, services)
            .compose(v -> officers.register(conn, citizenId, agency, nameTh, nameEn, rank, roles, services))
            .compose(id -> AdminAudit.record(conn, actor, "officer.register", id.toString(), new JsonObject()
                .put("agency", agency).put("rank", rank.name()).put("roles", new JsonArray(roles.stream().map(Enum::name).sorted().toList()))
                .put("services", new JsonArray(services))).map(id)))
        .recover(e -> Future.failedFuture(conflict(e, "An officer with this citizen ID is already registered.")))
        .onSuccess(id -> {
          ctx.response().setStatusCode(201);
          ctx.json(new JsonObject().put("id", id.toString()).put("agency", agency).put("rank", rank.name())
              .put("roles", new JsonArray(roles.stream().map(Enum::name).sorted().toList())).put("services", new JsonArray(services)));
        })
        .onFailure(ctx::fail);
  }

  /** The agency exists; a USER's services are offered by that agency; a SUPERVISOR's exist nationally. */
  private Future<Void> checkReferences(io.vertx.sqlclient.SqlConnection conn, String agency, Set<Role> roles, List<String> services) {
    return conn.preparedQuery("SELECT 1 FROM agency WHERE code = $1").execute(Tuple.of(agency)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(UNKNOWN_REFERENCE.exception("Agency " + agency + " is not registered."));
      }
      if (services.isEmpty()) {
        return Future.succeededFuture();
      }
      String sql = roles.contains(Role.USER)
          ? "SELECT service_code FROM agency_service WHERE agency_code = $1 AND service_code = ANY($2)"
          : "SELECT code FROM service WHERE $1::text IS NOT NULL AND code = ANY($2)";
      return conn.preparedQuery(sql).execute(Tuple.of(agency, (Object) services.toArray(String[]::new))).compose(found -> {
        if (found.size() != Set.copyOf(services).size()) {
          return Future.failedFuture(UNKNOWN_REFERENCE.exception("Some services are not " + (roles.contains(Role.USER)
              ? "offered by agency " + agency : "registered") + "."));
        }
        return Future.succeededFuture();
      });
    });
  }

  private void unlock(RoutingContext ctx) {
    UUID id = uuid(ctx.pathParam("id"));
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> officers.unlock(conn, id).compose(found -> found
            ? AdminAudit.record(conn, actor, "officer.unlock", id.toString(), new JsonObject())
            : Future.failedFuture(io.linkgate.http.Problems.NOT_FOUND.exception("No officer with this id."))))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void enroll(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String id = body.matching("id", DEVICE, "3 to 64 letters, digits, '.', '_' or '-'");
    String agency = body.matching("agency", AGENCY, "an agency code such as DEMO");
    byte[] key = body.base64("publicKey", 256);
    if (DeviceSignature.publicKey(key) == null) {
      throw io.linkgate.http.Problems.BAD_REQUEST.exception("Field 'publicKey' must be an Ed25519 public key (X.509 SubjectPublicKeyInfo, base64), as card-edge enroll prints it.")
          .with("field", "publicKey");
    }
    String label = body.has("label") ? body.string("label", 200) : "";
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM agency WHERE code = $1").execute(Tuple.of(agency))
            .compose(rows -> rows.size() == 0
                ? Future.failedFuture(UNKNOWN_REFERENCE.exception("Agency " + agency + " is not registered."))
                : devices.enroll(conn, id, agency, key, label))
            .compose(v -> AdminAudit.record(conn, actor, "device.enroll", id, new JsonObject().put("agency", agency).put("label", label))))
        .recover(e -> Future.failedFuture(conflict(e, "A device with this id is already enrolled.")))
        .onSuccess(v -> {
          ctx.response().setStatusCode(201);
          ctx.json(new JsonObject().put("id", id).put("agency", agency).put("label", label));
        })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!DEVICE.matcher(id).matches()) {
      ctx.fail(io.linkgate.http.Problems.NOT_FOUND.exception("No device with this id."));
      return;
    }
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> devices.revoke(conn, id).compose(changed -> changed
            ? AdminAudit.record(conn, actor, "device.revoke", id, new JsonObject())
            : Future.failedFuture(io.linkgate.http.Problems.NOT_FOUND.exception("No active device with this id."))))
        .compose(v -> sessions.endForDevice(id, "DEVICE_REVOKED"))
        .onSuccess(n -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static Throwable conflict(Throwable e, String detail) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return CONFLICT.exception(detail);
    }
    return e;
  }

  private static UUID uuid(String text) {
    if (text == null || !UUID_TEXT.matcher(text).matches()) {
      throw io.linkgate.http.Problems.NOT_FOUND.exception("No officer with this id.");
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw io.linkgate.http.Problems.NOT_FOUND.exception("No officer with this id.");
    }
  }

  private static <E extends Enum<E>> E enumValue(JsonBody body, String field, Class<E> type) {
    return parse(type, body.string(field, 32), field);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw io.linkgate.http.Problems.BAD_REQUEST.exception("Field '" + field + "' must be one of "
          + java.util.Arrays.toString(type.getEnumConstants()) + ".").with("field", field);
    }
  }

  static ProblemException notFound(String detail) {
    return io.linkgate.http.Problems.NOT_FOUND.exception(detail);
  }
}
