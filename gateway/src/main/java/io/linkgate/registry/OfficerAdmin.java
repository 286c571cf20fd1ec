package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.bad;
import static io.linkgate.registry.AdminRequests.names;
import static io.linkgate.registry.AdminRequests.parse;

import io.linkgate.http.JsonBody;
import io.linkgate.http.ProblemType;
import io.linkgate.session.SessionConfig;
import io.linkgate.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Changing officers: register ({@code POST /v1/admin/officers}), change ({@code PATCH /v1/admin/officers/{id}}:
 * names, rank, roles, services, active) and unlock. Rules: only ranks in {@code session.linkageRanks} may
 * hold USER; only a SUPER_ADMIN (or the bootstrap token) grants or removes ADMIN and SUPER_ADMIN or changes an
 * officer holding them; nobody changes their own roles; a USER's services are services of the officer's
 * agency, a SUPERVISOR's services of the national catalogue. Deactivating an officer or taking all their roles
 * ends their open sessions at once; other changes reach open sessions within {@code session.cacheTtl}.
 */
final class OfficerAdmin {

  static final ProblemType SUPER_ADMIN_REQUIRED = new ProblemType("super-admin-required", "SUPER_ADMIN role required", 403);
  static final ProblemType OWN_ROLES = new ProblemType("own-roles", "Officers cannot change their own roles", 403);

  /** Roles only a SUPER_ADMIN grants, removes or touches the holders of: the ICT auditor reads every lookup decrypted. */
  private static final Set<Role> PRIVILEGED = EnumSet.of(Role.ADMIN, Role.SUPER_ADMIN, Role.ICT_AUDITOR);
  private static final Set<String> REGISTER_FIELDS = Set.of("citizenId", "agency", "nameTh", "nameEn", "rank", "roles", "services");
  private static final Set<String> PATCH_FIELDS = Set.of("nameTh", "nameEn", "rank", "roles", "services", "active");

  private final Pool pool;
  private final OfficerRepository officers;
  private final SessionStore sessions;
  private final SessionConfig sessionConfig;

  OfficerAdmin(Pool pool, OfficerRepository officers, SessionStore sessions, SessionConfig sessionConfig) {
    this.pool = pool;
    this.officers = officers;
    this.sessions = sessions;
    this.sessionConfig = sessionConfig;
  }

  void mount(Router router) {
    router.post("/v1/admin/officers").handler(this::register);
    router.patch("/v1/admin/officers/:id").handler(this::update);
    router.post("/v1/admin/officers/:id/unlock").handler(this::unlock);
  }

  private void register(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx).only(REGISTER_FIELDS);
    String citizenId = body.citizenId("citizenId");
    String agency = body.matching("agency", AdminRequests.AGENCY, AdminRequests.AGENCY_EXPECTED);
    String nameTh = body.string("nameTh", 200);
    String nameEn = body.has("nameEn") ? body.string("nameEn", 200) : "";
    Rank rank = parse(Rank.class, body.string("rank", 32), "rank");
    Set<Role> roles = roles(body);
    List<String> services = services(body);
    checkRank(rank, roles);
    if (!AdminAuth.superAdmin(ctx) && roles.stream().anyMatch(PRIVILEGED::contains)) {
      throw SUPER_ADMIN_REQUIRED.exception("Only a SUPER_ADMIN grants ADMIN, SUPER_ADMIN or ICT_AUDITOR.");
    }
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> checkServices(conn, agency, roles, services, true)
            .compose(v -> officers.register(conn, citizenId, agency, nameTh, nameEn, rank, roles, services))
            .compose(id -> AdminAudit.record(conn, actor, "officer.register", id.toString(), new JsonObject()
                .put("agency", agency).put("rank", rank.name()).put("roles", names(roles)).put("services", new JsonArray(services)))
                .map(id)))
        .recover(e -> Future.failedFuture(AdminRequests.conflict(e, "An officer with this citizen ID is already registered.")))
        .onSuccess(id -> {
          ctx.response().setStatusCode(201);
          ctx.json(new JsonObject().put("id", id.toString()).put("agency", agency).put("rank", rank.name())
              .put("roles", names(roles)).put("services", new JsonArray(services)));
        })
        .onFailure(ctx::fail);
  }

  /** The officer as locked for the change, with what the rules need. */
  private record Current(UUID id, String agency, String nameTh, String nameEn, Rank rank, Set<Role> roles, Set<String> services,
                         boolean active) {
  }

  /** What a change did: the officer as it is now, and how many open sessions it ended (null: it ends none). */
  private record Changed(JsonObject officer, Integer sessionsEnded) {
  }

  private void update(RoutingContext ctx) {
    UUID id = AdminRequests.uuidPath(ctx, "id", "officer");
    JsonBody body = JsonBody.of(ctx).only(PATCH_FIELDS);
    String nameTh = body.optionalString("nameTh", 200);
    String nameEn = body.optionalString("nameEn", 200);
    Rank rank = body.has("rank") ? parse(Rank.class, body.string("rank", 32), "rank") : null;
    Set<Role> roles = body.has("roles") ? roles(body) : null;
    List<String> services = body.has("services") ? services(body) : null;
    Boolean active = body.has("active") ? body.bool("active", true) : null;
    UUID self = AdminAuth.actorOfficer(ctx);
    boolean superAdmin = AdminAuth.superAdmin(ctx);
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> lock(conn, id).compose(before -> {
              Set<Role> nextRoles = roles != null ? roles : before.roles();
              Rank nextRank = rank != null ? rank : before.rank();
              List<String> nextServices = services != null ? services : List.copyOf(new TreeSet<>(before.services()));
              boolean nextActive = active != null ? active : before.active();
              boolean rolesChanged = !nextRoles.equals(before.roles());
              boolean servicesChanged = !Set.copyOf(nextServices).equals(before.services());
              checkChange(before, nextRoles, nextRank, self, superAdmin);
              JsonObject changes = new JsonObject();
              change(changes, "nameTh", before.nameTh(), nameTh != null ? nameTh : before.nameTh());
              change(changes, "nameEn", before.nameEn(), nameEn != null ? nameEn : before.nameEn());
              change(changes, "rank", before.rank().name(), nextRank.name());
              change(changes, "roles", names(before.roles()), names(nextRoles));
              change(changes, "services", new JsonArray(List.copyOf(new TreeSet<>(before.services()))),
                  new JsonArray(List.copyOf(new TreeSet<>(nextServices))));
              change(changes, "active", before.active(), nextActive);
              if (changes.isEmpty()) {
                return Future.<Integer>succeededFuture(null);
              }
              boolean endSessions = (before.active() && !nextActive) || (!before.roles().isEmpty() && nextRoles.isEmpty());
              return (rolesChanged || servicesChanged ? checkServices(conn, before.agency(), nextRoles, nextServices, false)
                      : Future.<Void>succeededFuture())
                  .compose(v -> conn.preparedQuery("UPDATE officer SET name_th = $2, name_en = $3, rank = $4, roles = $5, active = $6 WHERE id = $1")
                      .execute(Tuple.of(id, nameTh != null ? nameTh : before.nameTh(), nameEn != null ? nameEn : before.nameEn(),
                          nextRank.name(), nextRoles.stream().map(Role::name).sorted().toArray(String[]::new), nextActive)))
                  .compose(r -> servicesChanged ? replaceServices(conn, id, nextServices) : Future.<Void>succeededFuture())
                  .compose(v -> AdminAudit.record(conn, actor, "officer.update", id.toString(), new JsonObject()
                      .put("agency", before.agency()).put("changes", changes)))
                  // in the change's transaction: a deactivation that commits has ended the sessions with it
                  .compose(v -> endSessions ? sessions.endForOfficer(conn, id, "REVOKED") : Future.<Integer>succeededFuture(null));
            })
            .compose(ended -> conn.preparedQuery(OfficerListing.SELECT + " WHERE o.id = $1 GROUP BY o.id").execute(Tuple.of(id))
                .map(rows -> new Changed(OfficerListing.json(rows.iterator().next()), ended))))
        .map(changed -> changed.sessionsEnded() == null ? changed.officer() : changed.officer().put("sessionsEnded", changed.sessionsEnded()))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** Who may change what: own roles never; ADMIN, SUPER_ADMIN and ICT_AUDITOR by a SUPER_ADMIN only; USER only for entitled ranks. */
  private void checkChange(Current before, Set<Role> nextRoles, Rank nextRank, UUID self, boolean superAdmin) {
    boolean rolesChanged = !nextRoles.equals(before.roles());
    if (rolesChanged && before.id().equals(self)) {
      throw OWN_ROLES.exception("An officer cannot change their own roles; another admin must.");
    }
    if (!superAdmin && (before.roles().stream().anyMatch(PRIVILEGED::contains) || nextRoles.stream().anyMatch(PRIVILEGED::contains))) {
      throw SUPER_ADMIN_REQUIRED.exception("Only a SUPER_ADMIN grants or removes ADMIN, SUPER_ADMIN or ICT_AUDITOR, or changes an officer holding them.");
    }
    if (rolesChanged || nextRank != before.rank()) {
      checkRank(nextRank, nextRoles);
    }
  }

  private void unlock(RoutingContext ctx) {
    UUID id = AdminRequests.uuidPath(ctx, "id", "officer");
    boolean superAdmin = AdminAuth.superAdmin(ctx);
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> lock(conn, id)
            .compose(before -> {
              if (!superAdmin && before.roles().stream().anyMatch(PRIVILEGED::contains)) {
                throw SUPER_ADMIN_REQUIRED.exception("Only a SUPER_ADMIN changes an officer holding ADMIN, SUPER_ADMIN or ICT_AUDITOR.");
              }
              return officers.unlock(conn, id);
            })
            // an officer who was not locked is left as is, and the trail records no unlock that did not happen
            .compose(unlocked -> unlocked ? AdminAudit.record(conn, actor, "officer.unlock", id.toString(), new JsonObject())
                : Future.<Void>succeededFuture()))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static Future<Current> lock(SqlConnection conn, UUID id) {
    return conn.preparedQuery("SELECT id FROM officer WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .compose(locked -> conn.preparedQuery(OfficerListing.SELECT + " WHERE o.id = $1 GROUP BY o.id").execute(Tuple.of(id)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(AdminRequests.notFound("No officer with this id."));
          }
          Row row = rows.iterator().next();
          Set<Role> roles = EnumSet.noneOf(Role.class);
          for (String r : row.getArrayOfStrings("roles")) {
            roles.add(Role.valueOf(r));
          }
          return Future.succeededFuture(new Current(id, row.getString("agency_code"), row.getString("name_th"), row.getString("name_en"),
              Rank.valueOf(row.getString("rank")), roles, Set.of(row.getArrayOfStrings("services")), row.getBoolean("active")));
        });
  }

  private static Future<Void> replaceServices(SqlConnection conn, UUID id, List<String> services) {
    return conn.preparedQuery("DELETE FROM officer_service WHERE officer_id = $1").execute(Tuple.of(id))
        .compose(r -> services.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery("INSERT INTO officer_service (officer_id, service_code) VALUES ($1, $2)")
                .executeBatch(services.stream().map(s -> Tuple.of(id, s)).toList()).mapEmpty());
  }

  /**
   * The agency exists (when {@code checkAgency}); a USER's services are performed by that agency; otherwise
   * (a SUPERVISOR's) they exist nationally.
   */
  private static Future<Void> checkServices(SqlConnection conn, String agency, Set<Role> roles, List<String> services, boolean checkAgency) {
    Future<Void> agencyKnown = !checkAgency ? Future.succeededFuture()
        : conn.preparedQuery("SELECT 1 FROM agency WHERE code = $1").execute(Tuple.of(agency)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(AdminRoutes.UNKNOWN_REFERENCE.exception("Agency " + agency + " is not registered."))
            : Future.succeededFuture());
    if (services.isEmpty()) {
      return agencyKnown;
    }
    String sql = roles.contains(Role.USER)
        ? "SELECT service_code FROM agency_service WHERE agency_code = $1 AND service_code = ANY($2)"
        : "SELECT code FROM service WHERE $1::text IS NOT NULL AND code = ANY($2)";
    return agencyKnown.compose(v -> conn.preparedQuery(sql).execute(Tuple.of(agency, (Object) services.toArray(String[]::new))))
        .compose(found -> found.size() == services.size() ? Future.succeededFuture()
            : Future.failedFuture(AdminRoutes.UNKNOWN_REFERENCE.exception("Some services are not " + (roles.contains(Role.USER)
                ? "performed by agency " + agency : "registered") + ".")));
  }

  private void checkRank(Rank rank, Set<Role> roles) {
    if (roles.contains(Role.USER) && !sessionConfig.linkageRanks().contains(rank)) {
      throw AdminRoutes.RANK_NOT_ENTITLED.exception("Rank " + rank + " may not hold USER; allowed: "
          + new TreeSet<>(sessionConfig.linkageRanks()) + ".");
    }
  }

  private static Set<Role> roles(JsonBody body) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : body.strings("roles", Role.values().length, 32)) {
      if (!roles.add(parse(Role.class, r, "roles"))) {
        throw bad("roles", "Field 'roles' names " + r + " twice.");
      }
    }
    return roles;
  }

  private static List<String> services(JsonBody body) {
    Set<String> services = new LinkedHashSet<>();
    for (String s : body.strings("services", 100, 40)) {
      if (!AdminRequests.SERVICE.matcher(s).matches()) {
        throw bad("services", "Field 'services' must contain service codes such as NC-CIVILREG.");
      }
      if (!services.add(s)) {
        throw bad("services", "Field 'services' names " + s + " twice.");
      }
    }
    return List.copyOf(services);
  }

  private static void change(JsonObject changes, String field, Object before, Object after) {
    if (!before.equals(after)) {
      changes.put(field, new JsonObject().put("from", before).put("to", after));
    }
  }
}
