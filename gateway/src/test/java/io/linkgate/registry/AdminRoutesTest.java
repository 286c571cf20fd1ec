package io.linkgate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.testing.Logins;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering officers, enrolling and revoking devices: who may, what is validated, what is audited. */
class AdminRoutesTest {

  static final String ADMIN_TOKEN = RunningGateway.ADMIN_TOKEN;

  @TempDir
  static Path dir;
  static RunningGateway running;
  static String dbUrl;
  static Gateway gateway;
  static WebClient api;
  static Logins logins;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC());
    dbUrl = running.dbUrl();
    gateway = running.gateway();
    api = running.api();
    logins = running.logins();
  }

  @AfterAll
  static void stop() {
    gateway.stop();
  }

  private HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    var req = api.post(path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.sendJsonObject(body).await();
  }

  private static String type(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("type").replace("urn:linkgate:problem:", "");
  }

  static JsonObject officer(String cid) {
    return new JsonObject().put("citizenId", cid).put("agency", "DEMO").put("nameTh", "นายทดสอบ ระบบ").put("nameEn", "Mr. Test System")
        .put("rank", "K1").put("roles", new JsonArray().add("USER")).put("services", new JsonArray().add("NC-CIVILREG"));
  }

  @Test
  void should_refuse_admin_calls_without_credentials_or_admin_role() {
    HttpResponse<Buffer> none = post("/v1/admin/officers", null, officer("1101700001105"));
    assertEquals(401, none.statusCode());
    String userToken = logins.login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
    HttpResponse<Buffer> user = post("/v1/admin/officers", userToken, officer("1101700001105"));
    assertEquals(403, user.statusCode());
    assertEquals("admin-required", type(user));
  }

  @Test
  void should_register_an_officer_who_can_then_log_in_and_audit_it() throws Exception {
    HttpResponse<Buffer> r = post("/v1/admin/officers", ADMIN_TOKEN, officer("1101700001113"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    String id = r.bodyAsJsonObject().getString("id");
    assertEquals(201, logins.post(Logins.body(logins.challenge(), Logins.card("1101700001113"), DemoData.DEVICE_ID, DeviceKey.demo())).statusCode());
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT actor, action, detail::text FROM admin_audit WHERE target = '" + id + "'")) {
      assertTrue(rs.next());
      assertEquals("bootstrap", rs.getString(1));
      assertEquals("officer.register", rs.getString(2));
      assertFalse(rs.getString(3).contains("1101700001113"), "the audit trail holds no citizen ID");
    }
    HttpResponse<Buffer> again = post("/v1/admin/officers", ADMIN_TOKEN, officer("1101700001113"));
    assertEquals(409, again.statusCode());
  }

  @Test
  void should_validate_officer_registrations_and_change_nothing_when_invalid() throws Exception {
    assertEquals(400, post("/v1/admin/officers", ADMIN_TOKEN, officer("1101700001114")).statusCode(), "check digit");
    assertEquals("rank", post("/v1/admin/officers", ADMIN_TOKEN, officer("1101700001121").put("rank", "Z9")).bodyAsJsonObject().getString("field"));
    HttpResponse<Buffer> o1 = post("/v1/admin/officers", ADMIN_TOKEN, officer("1101700001121").put("rank", "O1"));
    assertEquals(422, o1.statusCode());
    assertEquals("rank-not-entitled", type(o1));
    HttpResponse<Buffer> agency = post("/v1/admin/officers", ADMIN_TOKEN, officer("1101700001121").put("agency", "NOPE"));
    assertEquals(422, agency.statusCode());
    HttpResponse<Buffer> service = post("/v1/admin/officers", ADMIN_TOKEN,
        officer("1101700001121").put("services", new JsonArray().add("NOT-OFFERED")));
    assertEquals(422, service.statusCode());
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM officer")) {
      rs.next();
      assertTrue(rs.getInt(1) <= DemoData.OFFICERS.size() + 1, "invalid registrations left rows behind");
    }
  }

  @Test
  void should_enroll_a_device_whose_logins_work_and_end_its_sessions_when_revoked() throws Exception {
    DeviceKey key = DeviceKey.generate(dir.resolve("enrolled.key"), "ws-registry-01");
    HttpResponse<Buffer> enrolled = post("/v1/admin/devices", ADMIN_TOKEN,
        new JsonObject().put("id", "ws-registry-01").put("agency", "DEMO").put("publicKey", key.publicKeyBase64()).put("label", "counter 1"));
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    String token = logins.login(Logins.card(DemoData.OFFICERS.get(1).citizenId()), "ws-registry-01", key);
    HttpResponse<Buffer> revoked = api.delete("/v1/admin/devices/ws-registry-01").bearerTokenAuthentication(ADMIN_TOKEN).send().await();
    assertEquals(204, revoked.statusCode());
    assertEquals(401, api.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
    HttpResponse<Buffer> refused = logins.post(Logins.body(logins.challenge(), Logins.card(DemoData.OFFICERS.get(1).citizenId()), "ws-registry-01", key));
    assertEquals("device-unknown", type(refused));
    assertEquals(404, api.delete("/v1/admin/devices/ws-registry-01").bearerTokenAuthentication(ADMIN_TOKEN).send().await().statusCode());
  }

  @Test
  void should_list_an_agencys_devices_with_when_they_were_last_used() {
    logins.login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
    HttpResponse<Buffer> r = api.get("/v1/admin/devices?agency=DEMO").bearerTokenAuthentication(ADMIN_TOKEN).send().await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
    JsonObject demo = items.stream().map(JsonObject.class::cast).filter(d -> d.getString("id").equals(DemoData.DEVICE_ID)).findFirst().orElseThrow();
    assertTrue(items.stream().allMatch(d -> ((JsonObject) d).getString("agency").equals("DEMO")));
    assertTrue(demo.getString("lastSeenAt") != null && demo.getString("enrolledAt") != null, demo.encode());
    assertFalse(demo.containsKey("publicKey"));
    JsonObject first = api.get("/v1/admin/devices?limit=1").bearerTokenAuthentication(ADMIN_TOKEN).send().await().bodyAsJsonObject();
    String cursor = first.getString("nextCursor");
    JsonObject second = api.get("/v1/admin/devices?limit=1&cursor=" + cursor).bearerTokenAuthentication(ADMIN_TOKEN).send().await().bodyAsJsonObject();
    assertFalse(first.getJsonArray("items").equals(second.getJsonArray("items")), "the second page moves on");
    assertEquals(400, api.get("/v1/admin/devices?agency=demo!").bearerTokenAuthentication(ADMIN_TOKEN).send().await().statusCode());
  }

  @Test
  void should_reject_a_device_key_that_is_not_ed25519() {
    HttpResponse<Buffer> r = post("/v1/admin/devices", ADMIN_TOKEN,
        new JsonObject().put("id", "ws-bad").put("agency", "DEMO").put("publicKey", "AAAA"));
    assertEquals(400, r.statusCode());
    assertEquals("publicKey", r.bodyAsJsonObject().getString("field"));
  }

  @Test
  void should_tell_caches_not_to_store_admin_lists_and_reports() {
    for (String path : java.util.List.of("/v1/admin/officers", "/v1/admin/devices", "/v1/admin/agencies", "/v1/admin/services",
        "/v1/admin/agencies/DEMO/services", "/v1/admin/compliance", "/v1/reports")) {
      HttpResponse<Buffer> r = api.get(path).bearerTokenAuthentication(ADMIN_TOKEN).send().await();
      assertEquals("no-store", r.getHeader("Cache-Control"), path + " " + r.statusCode() + " " + r.bodyAsString());
    }
  }
}
