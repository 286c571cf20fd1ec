package io.linkgate.registry;

import static io.linkgate.registry.AdminClient.cid;
import static io.linkgate.registry.AdminClient.demoOfficerId;
import static io.linkgate.registry.AdminClient.expect;
import static io.linkgate.registry.AdminClient.field;
import static io.linkgate.registry.AdminClient.officer;
import static io.linkgate.registry.AdminClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.testing.Logins;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Officers: listing without citizen IDs, changes and their rules, sessions ended on deactivation. */
class OfficerAdminTest {

  @TempDir
  static Path dir;
  static RunningGateway running;
  static AdminClient bootstrap;
  static AdminClient admin;
  static AdminClient superAdmin;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC());
    bootstrap = AdminClient.bootstrap(running);
    admin = new AdminClient(running.api(), Lookups.login(running, "admin"));
    superAdmin = new AdminClient(running.api(), Lookups.login(running, "superadmin"));
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  /** Registers a DEMO officer (bootstrap token) and returns its id. */
  static String register(String citizenId, String rank, List<String> roles, List<String> services) {
    return expect(201, bootstrap.post("/v1/admin/officers", officer(citizenId, "DEMO", rank, roles, services))).getString("id");
  }

  static String login(String citizenId) {
    return running.logins().login(Logins.card(citizenId), DemoData.DEVICE_ID, DeviceKey.demo());
  }

  static int sessionStatus(String token) {
    return running.api().get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode();
  }

  static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void should_list_officers_by_agency_role_and_state_without_citizen_ids() {
    HttpResponse<Buffer> users = admin.get("/v1/admin/officers?agency=DEMO&role=USER&active=true");
    List<String> found = ids(AdminClient.items(users));
    assertTrue(found.containsAll(List.of(demoOfficerId("officer"), demoOfficerId("officer2"))), found.toString());
    assertFalse(found.contains(demoOfficerId("supervisor")));
    assertEquals(List.of(demoOfficerId("admin")), ids(AdminClient.items(admin.get("/v1/admin/officers?agency=CENTRAL&role=ADMIN"))));
    HttpResponse<Buffer> everyone = admin.get("/v1/admin/officers");
    for (DemoData.Officer o : DemoData.OFFICERS) {
      assertFalse(everyone.bodyAsString().contains(o.citizenId()), "no citizen ID in the listing");
    }
    assertEquals("role", field(admin.get("/v1/admin/officers?role=KING")));
    assertEquals("active", field(admin.get("/v1/admin/officers?active=maybe")));
    assertEquals("cursor", field(admin.get("/v1/admin/officers?cursor=bm90LWEtY3Vyc29y")));
    // the right shape, but nulls: a listing gives out no such cursor (it answered 200 with an empty page)
    String nulls = java.util.Base64.getUrlEncoder().encodeToString("[null,null,null]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("cursor", field(admin.get("/v1/admin/officers?cursor=" + nulls)));
    String twoNulls = java.util.Base64.getUrlEncoder().encodeToString("[null,null]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("cursor", field(admin.get("/v1/admin/devices?cursor=" + twoNulls)));
  }

  @Test
  void should_page_through_officers_without_gaps_or_repeats() {
    List<String> all = ids(AdminClient.items(admin.get("/v1/admin/officers?limit=500")));
    List<String> paged = new java.util.ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = expect(200, admin.get("/v1/admin/officers?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)));
      assertTrue(page.getJsonArray("items").size() <= 3);
      paged.addAll(ids(page.getJsonArray("items")));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertEquals(all, paged);
    assertTrue(all.size() >= DemoData.OFFICERS.size());
  }

  @Test
  void should_find_an_officer_by_citizen_id_through_the_keyed_hash() {
    DemoData.Officer head = DemoData.OFFICERS.get(3);
    HttpResponse<Buffer> r = admin.get("/v1/admin/officers?citizenId=" + head.citizenId());
    assertEquals(List.of(demoOfficerId(head.profile())), ids(AdminClient.items(r)));
    assertFalse(r.bodyAsString().contains(head.citizenId()));
    assertEquals(0, AdminClient.items(admin.get("/v1/admin/officers?citizenId=" + cid("310170000999"))).size());
    HttpResponse<Buffer> bad = admin.get("/v1/admin/officers?citizenId=1101700001017");
    assertEquals(400, bad.statusCode());
    assertEquals("citizenId", field(bad));
    assertFalse(bad.bodyAsString().contains("1101700001017"), "the problem does not echo the value");
  }

  @Test
  void should_change_names_rank_roles_and_services_and_audit_what_changed() throws Exception {
    String id = register(cid("110170000201"), "K1", List.of("USER"), List.of("NC-CIVILREG"));
    JsonObject changed = expect(200, admin.patch("/v1/admin/officers/" + id, new JsonObject().put("nameEn", "Mr. Renamed").put("rank", "K2")
        .put("roles", new JsonArray(List.of("USER", "CONTROLLING_SUPERVISOR"))).put("services", new JsonArray(List.of("NC-WELFARE", "NC-CIVILREG")))));
    assertEquals("Mr. Renamed", changed.getString("nameEn"));
    assertEquals("K2", changed.getString("rank"));
    assertEquals(new JsonArray(List.of("CONTROLLING_SUPERVISOR", "USER")), changed.getJsonArray("roles"));
    assertEquals(new JsonArray(List.of("NC-CIVILREG", "NC-WELFARE")), changed.getJsonArray("services"));
    JsonObject read = expect(200, admin.get("/v1/admin/officers/" + id));
    assertEquals(changed, read);
    assertNull(read.getValue("citizenId"));

    List<List<String>> audit = AdminClient.sql(running, "SELECT actor, detail->'changes'->'rank'->>'from', detail->'changes'->'rank'->>'to', "
        + "detail->'changes'->'services'->>'to', detail::text FROM admin_audit WHERE target = '" + id + "' AND action = 'officer.update'");
    assertEquals(1, audit.size());
    assertEquals(List.of(demoOfficerId("admin"), "K1", "K2", "[\"NC-CIVILREG\", \"NC-WELFARE\"]"), audit.get(0).subList(0, 4));
    assertFalse(audit.get(0).get(4).contains(cid("110170000201")));

    JsonObject supervisor = expect(200, admin.patch("/v1/admin/officers/" + id, new JsonObject()
        .put("roles", new JsonArray(List.of("SUPERVISOR"))).put("services", new JsonArray(List.of("NC-COMMERCE")))));
    assertEquals(new JsonArray(List.of("SUPERVISOR")), supervisor.getJsonArray("roles"), "a SUPERVISOR's services exist nationally");
  }

  @Test
  void should_refuse_invalid_changes_and_leave_the_officer_as_it_was() throws Exception {
    String id = register(cid("110170000202"), "O2", List.of("USER"), List.of("NC-CIVILREG"));
    JsonObject before = expect(200, admin.get("/v1/admin/officers/" + id));
    HttpResponse<Buffer> rank = admin.patch("/v1/admin/officers/" + id, new JsonObject().put("rank", "O1").put("nameEn", "Mr. Changed"));
    assertEquals(422, rank.statusCode());
    assertEquals("rank-not-entitled", type(rank));
    HttpResponse<Buffer> notPerformed = admin.patch("/v1/admin/officers/" + id, new JsonObject().put("services", new JsonArray(List.of("NC-ELSEWHERE"))));
    assertEquals(422, notPerformed.statusCode());
    assertEquals("unknown-reference", type(notPerformed));
    assertEquals("roles", field(admin.patch("/v1/admin/officers/" + id, new JsonObject().put("roles", new JsonArray(List.of("KING"))))));
    assertEquals("services", field(admin.patch("/v1/admin/officers/" + id,
        new JsonObject().put("services", new JsonArray(List.of("NC-CIVILREG", "NC-CIVILREG"))))));
    assertEquals("citizenId", field(admin.patch("/v1/admin/officers/" + id, new JsonObject().put("citizenId", cid("110170000203")))));
    assertEquals(404, admin.patch("/v1/admin/officers/0b6f6d1e-1111-4c4c-8888-000000000000", new JsonObject().put("nameEn", "x")).statusCode());
    assertEquals(404, admin.get("/v1/admin/officers/not-an-id").statusCode());
    assertEquals(before, expect(200, admin.get("/v1/admin/officers/" + id)));
    assertEquals("0", AdminClient.sql(running, "SELECT count(*) FROM admin_audit WHERE target = '" + id + "' AND action = 'officer.update'").get(0).get(0));
  }

  @Test
  void should_let_only_a_super_admin_grant_remove_or_touch_admin_roles() {
    String id = register(cid("110170000204"), "K2", List.of("USER"), List.of("NC-CIVILREG"));
    JsonObject grantAdmin = new JsonObject().put("roles", new JsonArray(List.of("USER", "ADMIN")));
    HttpResponse<Buffer> byAdmin = admin.patch("/v1/admin/officers/" + id, grantAdmin);
    assertEquals(403, byAdmin.statusCode());
    assertEquals("super-admin-required", type(byAdmin));
    assertEquals(new JsonArray(List.of("USER")), expect(200, admin.get("/v1/admin/officers/" + id)).getJsonArray("roles"));

    assertEquals(new JsonArray(List.of("ADMIN", "USER")), expect(200, superAdmin.patch("/v1/admin/officers/" + id, grantAdmin)).getJsonArray("roles"));
    assertEquals(403, admin.patch("/v1/admin/officers/" + id, new JsonObject().put("nameEn", "Mr. Admin")).statusCode(),
        "an ADMIN does not change an officer holding ADMIN");
    assertEquals(403, admin.patch("/v1/admin/officers/" + demoOfficerId("superadmin"), new JsonObject().put("active", false)).statusCode());
    assertEquals(403, admin.post("/v1/admin/officers/" + id + "/unlock", null).statusCode());
    HttpResponse<Buffer> register = admin.post("/v1/admin/officers", officer(cid("110170000205"), "CENTRAL", "K2", List.of("SUPER_ADMIN"), List.of()));
    assertEquals(403, register.statusCode());
    assertEquals("super-admin-required", type(register));
    assertEquals(new JsonArray(List.of("USER")), expect(200, superAdmin.patch("/v1/admin/officers/" + id,
        new JsonObject().put("roles", new JsonArray(List.of("USER"))))).getJsonArray("roles"));
    assertEquals(204, admin.post("/v1/admin/officers/" + id + "/unlock", null).statusCode(), "no longer an admin");
  }

  @Test
  void should_audit_an_unlock_only_when_the_officer_was_locked() throws Exception {
    String id = register(cid("110170000219"), "K2", List.of("USER"), List.of("NC-CIVILREG"));
    String unlocks = "SELECT actor FROM admin_audit WHERE action = 'officer.unlock' AND target = '" + id + "'";
    assertEquals(204, admin.post("/v1/admin/officers/" + id + "/unlock", null).statusCode());
    assertEquals(List.of(), AdminClient.sql(running, unlocks), "the officer was not locked: nothing to audit");
    AdminClient.sql(running, "UPDATE officer SET locked_at = now(), lock_reason = 'PIN_BLOCKED' WHERE id = '" + id + "'");
    assertTrue(expect(200, admin.get("/v1/admin/officers/" + id)).getBoolean("locked"));
    assertEquals(204, admin.post("/v1/admin/officers/" + id + "/unlock", null).statusCode());
    assertFalse(expect(200, admin.get("/v1/admin/officers/" + id)).getBoolean("locked"));
    assertEquals(List.of(List.of(demoOfficerId("admin"))), AdminClient.sql(running, unlocks));
    assertEquals(204, admin.post("/v1/admin/officers/" + id + "/unlock", null).statusCode(), "unlocking again is no error");
    assertEquals(1, AdminClient.sql(running, unlocks).size(), "and no second entry");
  }

  @Test
  void should_let_only_a_super_admin_grant_or_touch_the_ict_auditor_who_reads_every_lookup() {
    String id = register(cid("110170000217"), "K2", List.of("USER"), List.of("NC-CIVILREG"));
    JsonObject grantAuditor = new JsonObject().put("roles", new JsonArray(List.of("USER", "ICT_AUDITOR")));
    HttpResponse<Buffer> byAdmin = admin.patch("/v1/admin/officers/" + id, grantAuditor);
    assertEquals(403, byAdmin.statusCode());
    assertEquals("super-admin-required", type(byAdmin));
    HttpResponse<Buffer> registered = admin.post("/v1/admin/officers", officer(cid("110170000218"), "CENTRAL", "K2", List.of("ICT_AUDITOR"), List.of()));
    assertEquals(403, registered.statusCode(), registered.bodyAsString());
    assertEquals(403, admin.patch("/v1/admin/officers/" + demoOfficerId("auditor"), new JsonObject().put("active", false)).statusCode(),
        "an ADMIN does not deactivate the auditor who may be investigating them");
    assertEquals(new JsonArray(List.of("ICT_AUDITOR", "USER")),
        expect(200, superAdmin.patch("/v1/admin/officers/" + id, grantAuditor)).getJsonArray("roles"));
  }

  @Test
  void should_refuse_an_officer_changing_their_own_roles() {
    String self = demoOfficerId("superadmin");
    HttpResponse<Buffer> own = superAdmin.patch("/v1/admin/officers/" + self,
        new JsonObject().put("roles", new JsonArray(List.of("SUPER_ADMIN", "ICT_AUDITOR"))));
    assertEquals(403, own.statusCode());
    assertEquals("own-roles", type(own));
    assertEquals(new JsonArray(List.of("SUPER_ADMIN")), expect(200, superAdmin.get("/v1/admin/officers/" + self)).getJsonArray("roles"));
    JsonObject renamed = expect(200, superAdmin.patch("/v1/admin/officers/" + self, new JsonObject().put("nameEn", "Mr. Wichai R.")));
    assertEquals("Mr. Wichai R.", renamed.getString("nameEn"), "other fields of one's own record may change");
  }

  @Test
  void should_end_open_sessions_when_an_officer_is_deactivated() {
    String citizenId = cid("110170000206");
    String id = register(citizenId, "K1", List.of("USER"), List.of("NC-CIVILREG"));
    String token = login(citizenId);
    assertEquals(200, sessionStatus(token));
    JsonObject changed = expect(200, admin.patch("/v1/admin/officers/" + id, new JsonObject().put("active", false)));
    assertFalse(changed.getBoolean("active"));
    assertEquals(1, changed.getInteger("sessionsEnded"));
    assertEquals(401, sessionStatus(token));
    HttpResponse<Buffer> again = running.logins().post(Logins.body(running.logins().challenge(), Logins.card(citizenId), DemoData.DEVICE_ID, DeviceKey.demo()));
    assertEquals("officer-inactive", Lookups.type(again));
    assertTrue(ids(AdminClient.items(admin.get("/v1/admin/officers?agency=DEMO&active=false"))).contains(id));
  }

  @Test
  void should_end_open_sessions_when_all_roles_are_removed_but_not_on_other_changes() {
    String citizenId = cid("110170000207");
    String id = register(citizenId, "K1", List.of("USER"), List.of("NC-CIVILREG"));
    String token = login(citizenId);
    JsonObject renamed = expect(200, admin.patch("/v1/admin/officers/" + id, new JsonObject().put("nameTh", "นายเปลี่ยน ชื่อ")));
    assertNull(renamed.getValue("sessionsEnded"));
    assertEquals(200, sessionStatus(token));
    JsonObject roleless = expect(200, admin.patch("/v1/admin/officers/" + id, new JsonObject().put("roles", new JsonArray())));
    assertEquals(1, roleless.getInteger("sessionsEnded"));
    assertEquals(401, sessionStatus(token));
  }

  @Test
  void should_leave_the_officer_active_when_ending_the_sessions_fails() throws Exception {
    String citizenId = cid("110170000210");
    String id = register(citizenId, "K1", List.of("USER"), List.of("NC-CIVILREG"));
    String token = login(citizenId);
    // ending sessions fails in PostgreSQL: the deactivation must not commit without it
    try (java.sql.Connection c = io.linkgate.testing.TestDatabase.connect(running.dbUrl()); java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE FUNCTION refuse_session_end() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
          + "IF NEW.ended_at IS NOT NULL THEN RAISE EXCEPTION 'session end refused by the test'; END IF; RETURN NEW; END $$");
      s.execute("CREATE TRIGGER refuse_session_end BEFORE UPDATE ON card_session FOR EACH ROW EXECUTE FUNCTION refuse_session_end()");
      try {
        HttpResponse<Buffer> failed = admin.patch("/v1/admin/officers/" + id, new JsonObject().put("active", false));
        assertEquals(500, failed.statusCode(), failed.bodyAsString());
        assertTrue(expect(200, admin.get("/v1/admin/officers/" + id)).getBoolean("active"), "the deactivation was rolled back");
      } finally {
        s.execute("DROP TRIGGER refuse_session_end ON card_session");
        s.execute("DROP FUNCTION refuse_session_end()");
      }
    }
    assertEquals(200, sessionStatus(token));
    JsonObject changed = expect(200, admin.patch("/v1/admin/officers/" + id, new JsonObject().put("active", false)));
    assertEquals(1, changed.getInteger("sessionsEnded"), "asked again, the change and the end go through together");
    assertEquals(401, sessionStatus(token));
  }

  @Test
  void should_register_a_supervisor_with_national_services_and_refuse_duplicate_services() {
    Set<String> before = new HashSet<>(ids(AdminClient.items(admin.get("/v1/admin/officers?agency=CENTRAL"))));
    JsonObject body = officer(cid("110170000208"), "CENTRAL", "K3", List.of("SUPERVISOR"), List.of("NC-CIVILREG"));
    String id = expect(201, admin.post("/v1/admin/officers", body)).getString("id");
    assertNotNull(id);
    HttpResponse<Buffer> dup = admin.post("/v1/admin/officers", officer(cid("110170000209"), "CENTRAL", "K3", List.of("SUPERVISOR"),
        List.of("NC-CIVILREG", "NC-CIVILREG")));
    assertEquals(400, dup.statusCode());
    assertEquals("services", field(dup));
    Set<String> after = new HashSet<>(ids(AdminClient.items(admin.get("/v1/admin/officers?agency=CENTRAL"))));
    after.removeAll(before);
    assertEquals(Set.of(id), after);
  }
}
