package io.linkgate.registry;

import static io.linkgate.registry.AdminClient.cid;
import static io.linkgate.registry.AdminClient.demoOfficerId;
import static io.linkgate.registry.AdminClient.expect;
import static io.linkgate.registry.AdminClient.field;
import static io.linkgate.registry.AdminClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin audit trail: who changed what and when, newest first, for admins and ICT auditors, without secrets. */
class AuditViewTest {

  @TempDir
  static Path dir;
  static RunningGateway running;
  static AdminClient admin;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC());
    admin = new AdminClient(running.api(), Lookups.login(running, "admin"));
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  static List<String> targets(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("target")).toList();
  }

  @Test
  void should_list_changes_newest_first_with_who_and_what_and_page_through_them() {
    Instant before = Instant.now().minusMillis(1);
    for (String code : List.of("AUD-1", "AUD-2", "AUD-3")) {
      expect(201, admin.post("/v1/admin/services", new JsonObject().put("code", code).put("nameTh", "งาน " + code).put("nameEn", code)));
    }
    String query = "/v1/admin/audit?action=service.create&actor=" + demoOfficerId("admin") + "&from=" + before + "&limit=2";
    JsonObject first = expect(200, admin.get(query));
    assertEquals(List.of("AUD-3", "AUD-2"), targets(first.getJsonArray("items")));
    JsonObject newest = first.getJsonArray("items").getJsonObject(0);
    assertEquals(demoOfficerId("admin"), newest.getString("actor"));
    assertEquals("นายอนุชา แก้วมณี", newest.getString("actorName"));
    assertEquals("service.create", newest.getString("action"));
    assertEquals("AUD-3", newest.getJsonObject("detail").getString("nameEn"));
    assertTrue(Instant.parse(newest.getString("at")).isAfter(Instant.now().minusSeconds(60)));
    JsonObject second = expect(200, admin.get(query + "&cursor=" + first.getString("nextCursor")));
    assertEquals(List.of("AUD-1"), targets(second.getJsonArray("items")));
    assertNull(second.getString("nextCursor"));
  }

  @Test
  void should_filter_by_period_target_and_actor() {
    expect(201, admin.post("/v1/admin/services", new JsonObject().put("code", "AUD-PERIOD").put("nameTh", "งาน").put("nameEn", "x")));
    assertEquals(List.of("AUD-PERIOD"), targets(AdminClient.items(admin.get("/v1/admin/audit?target=AUD-PERIOD"))));
    String future = Instant.now().plusSeconds(3600).toString();
    assertEquals(0, AdminClient.items(admin.get("/v1/admin/audit?target=AUD-PERIOD&from=" + future)).size());
    assertEquals(1, AdminClient.items(admin.get("/v1/admin/audit?target=AUD-PERIOD&to=" + future)).size());
    assertEquals(0, AdminClient.items(admin.get("/v1/admin/audit?target=AUD-PERIOD&actor=bootstrap")).size());
    assertEquals("from", field(admin.get("/v1/admin/audit?from=" + future + "&to=2020-01-01")));
    assertEquals("to", field(admin.get("/v1/admin/audit?to=yesterday")));
    assertEquals("actor", field(admin.get("/v1/admin/audit?actor=someone")));
    assertEquals("cursor", field(admin.get("/v1/admin/audit?cursor=WyJ4Il0")));
    // years Instant.parse takes but no timestamp column holds
    assertEquals("to", field(admin.get("/v1/admin/audit?to=-1000000000-01-01T00:00:00Z")));
    assertEquals("from", field(admin.get("/v1/admin/audit?from=%2B300000-01-01T00:00:00Z")));
    String farCursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        new io.vertx.core.json.JsonArray().add("+300000-01-01T00:00:00Z").add(java.util.UUID.randomUUID().toString()).encode()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("cursor", field(admin.get("/v1/admin/audit?cursor=" + farCursor)));
  }

  @Test
  void should_let_ict_auditors_read_the_trail_but_nothing_else_and_refuse_users() {
    AdminClient auditor = new AdminClient(running.api(), Lookups.login(running, "auditor"));
    assertEquals(200, auditor.get("/v1/admin/audit").statusCode());
    HttpResponse<Buffer> change = auditor.post("/v1/admin/services", new JsonObject().put("code", "AUD-X").put("nameTh", "x").put("nameEn", "x"));
    assertEquals(403, change.statusCode());
    assertEquals("admin-required", type(change));
    assertEquals(403, auditor.get("/v1/admin/agencies").statusCode());
    HttpResponse<Buffer> user = new AdminClient(running.api(), Lookups.login(running, "officer")).get("/v1/admin/audit");
    assertEquals(403, user.statusCode());
    assertEquals("role-required", type(user));
    assertEquals(401, new AdminClient(running.api(), null).get("/v1/admin/audit").statusCode());
    assertEquals(200, AdminClient.bootstrap(running).get("/v1/admin/audit").statusCode());
  }

  @Test
  void should_hold_no_key_secret_or_citizen_id() {
    JsonObject key = expect(201, admin.post("/v1/admin/agencies/DEMO/keys", new JsonObject().put("label", "audited")));
    String secret = key.getString("secret");
    String citizenId = cid("110170000301");
    expect(201, AdminClient.bootstrap(running).post("/v1/admin/officers",
        AdminClient.officer(citizenId, "DEMO", "K1", List.of("USER"), List.of("NC-CIVILREG"))));
    HttpResponse<Buffer> trail = admin.get("/v1/admin/audit?limit=500");
    List<String> actions = AdminClient.items(trail).stream().map(o -> ((JsonObject) o).getString("action")).toList();
    assertTrue(actions.containsAll(List.of("key.create", "officer.register")), actions.toString());
    String body = trail.bodyAsString();
    assertFalse(body.contains(secret.substring(8)), "no key secret");
    assertFalse(body.contains(HexFormat.of().formatHex(ApiKeys.hash(secret))), "no key hash");
    assertFalse(body.contains(citizenId), "no citizen ID");
    JsonObject created = AdminClient.items(admin.get("/v1/admin/audit?action=key.create&target=" + key.getString("id"))).getJsonObject(0);
    assertEquals(new JsonObject().put("agency", "DEMO").put("prefix", key.getString("prefix")).put("label", "audited"), created.getJsonObject("detail"));
  }
}
