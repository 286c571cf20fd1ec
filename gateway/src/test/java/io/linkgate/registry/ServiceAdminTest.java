package io.linkgate.registry;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The national service catalogue and the services an agency performs (datasets, active). */
class ServiceAdminTest {

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

  static JsonObject service(String code) {
    return new JsonObject().put("code", code).put("nameTh", "งานทดสอบ").put("nameEn", "Test service");
  }

  static JsonObject grant(String... datasets) {
    return new JsonObject().put("datasets", new JsonArray(List.of(datasets)));
  }

  @Test
  void should_create_read_list_and_rename_a_catalogue_service() throws Exception {
    JsonObject created = expect(201, admin.post("/v1/admin/services", service("NC-LAND")));
    assertEquals("NC-LAND", created.getString("code"));
    assertEquals("Test service", expect(200, admin.get("/v1/admin/services/NC-LAND")).getString("nameEn"));
    assertTrue(AdminClient.items(admin.get("/v1/admin/services")).stream()
        .map(o -> ((JsonObject) o).getString("code")).toList().containsAll(List.of("NC-CIVILREG", "NC-LAND")));
    JsonObject renamed = expect(200, admin.patch("/v1/admin/services/NC-LAND", new JsonObject().put("nameEn", "Land registration")));
    assertEquals("Land registration", renamed.getString("nameEn"));
    assertEquals("งานทดสอบ", renamed.getString("nameTh"));
    assertEquals(List.of(List.of("service.create"), List.of("service.update")),
        AdminClient.sql(running, "SELECT action FROM admin_audit WHERE target = 'NC-LAND' ORDER BY at"));
  }

  @Test
  void should_refuse_invalid_or_duplicate_catalogue_services_and_change_nothing() throws Exception {
    assertEquals("code", field(admin.post("/v1/admin/services", service("nc-lower"))));
    assertEquals("nameTh", field(admin.post("/v1/admin/services", service("NC-BAD").put("nameTh", ""))));
    assertEquals("nameEn", field(admin.post("/v1/admin/services", service("NC-BAD").put("nameEn", "x".repeat(201)))));
    assertEquals("nameTh", field(admin.post("/v1/admin/services", service("NC-BAD").put("nameTh", "งาน\u0000ทะเบียน"))), "PostgreSQL holds no NUL");
    HttpResponse<Buffer> dup = admin.post("/v1/admin/services", service("NC-CIVILREG"));
    assertEquals(409, dup.statusCode());
    assertEquals("conflict", type(dup));
    assertEquals("code", field(admin.patch("/v1/admin/services/NC-CIVILREG", new JsonObject().put("code", "NC-OTHER"))));
    assertEquals(404, admin.patch("/v1/admin/services/NC-NOPE", new JsonObject().put("nameEn", "x")).statusCode());
    assertEquals(404, admin.get("/v1/admin/services/NC-NOPE").statusCode());
    assertEquals("0", AdminClient.sql(running, "SELECT count(*) FROM service WHERE code IN ('NC-BAD', 'NC-OTHER')").get(0).get(0));
    assertEquals("Civil registration", expect(200, admin.get("/v1/admin/services/NC-CIVILREG")).getString("nameEn"));
  }

  @Test
  void should_put_an_agency_service_creating_then_replacing_it() throws Exception {
    expect(201, admin.post("/v1/admin/services", service("NC-TAX")));
    JsonObject created = expect(201, admin.put("/v1/admin/agencies/DEMO/services/NC-TAX", grant("linkage.person", "linkage.123")
        .put("sessionRate", 2.5).put("sessionBurst", 7)));
    assertEquals(new JsonArray(List.of("linkage.person", "linkage.123")), created.getJsonArray("datasets"));
    assertEquals(2.5, created.getDouble("sessionRate"));
    assertEquals(7, created.getInteger("sessionBurst"));
    assertTrue(created.getBoolean("active"));

    JsonObject replaced = expect(200, admin.put("/v1/admin/agencies/DEMO/services/NC-TAX", grant("gdx.juristic")));
    assertEquals(new JsonArray(List.of("gdx.juristic")), replaced.getJsonArray("datasets"));
    assertNull(replaced.getValue("sessionRate"), "absent limits inherit the configuration");
    assertNull(replaced.getValue("sessionBurst"));
    assertEquals(replaced, expect(200, admin.get("/v1/admin/agencies/DEMO/services/NC-TAX")));
    assertTrue(AdminClient.items(admin.get("/v1/admin/agencies/DEMO/services")).stream()
        .anyMatch(o -> ((JsonObject) o).getString("service").equals("NC-TAX")));
    assertEquals(List.of(List.of("true"), List.of("false")), AdminClient.sql(running,
        "SELECT detail->>'created' FROM admin_audit WHERE target = 'DEMO/NC-TAX' AND action = 'agency-service.put' ORDER BY at"));
  }

  @Test
  void should_refuse_invalid_agency_services_and_change_nothing() throws Exception {
    Map<String, JsonObject> invalid = Map.of(
        "linkage.99", grant("linkage.99"),
        "linkage.001", grant("linkage.001"),
        "twice", grant("linkage.person", "linkage.person"),
        "unknown dataset", grant("gdx.everything"),
        "sessionRate", grant("linkage.person").put("sessionRate", 0),
        "sessionBurst", grant("linkage.person").put("sessionBurst", 0),
        "missing datasets", new JsonObject().put("active", true));
    for (Map.Entry<String, JsonObject> e : invalid.entrySet()) {
      HttpResponse<Buffer> r = admin.put("/v1/admin/agencies/DEMO/services/NC-WELFARE", e.getValue());
      assertEquals(400, r.statusCode(), e.getKey() + ": " + r.bodyAsString());
      assertEquals(e.getKey().startsWith("session") ? e.getKey() : "datasets", field(r), e.getKey());
    }
    HttpResponse<Buffer> unknownService = admin.put("/v1/admin/agencies/DEMO/services/NC-NOPE", grant("linkage.person"));
    assertEquals(422, unknownService.statusCode());
    assertEquals("unknown-reference", type(unknownService));
    assertEquals(404, admin.put("/v1/admin/agencies/NOPE/services/NC-WELFARE", grant("linkage.person")).statusCode());
    JsonObject welfare = expect(200, admin.get("/v1/admin/agencies/DEMO/services/NC-WELFARE"));
    assertEquals(new JsonArray(List.of("linkage.person", "gdx.card-check")), welfare.getJsonArray("datasets"));
    assertEquals("0", AdminClient.sql(running, "SELECT count(*) FROM agency_service WHERE service_code = 'NC-NOPE'").get(0).get(0));
    assertEquals("0", AdminClient.sql(running,
        "SELECT count(*) FROM admin_audit WHERE target IN ('DEMO/NC-WELFARE', 'DEMO/NC-NOPE', 'NOPE/NC-WELFARE')").get(0).get(0));
  }

  @Test
  void should_refuse_lookups_for_a_deactivated_agency_service_at_once_until_it_is_put_back() {
    Lookups lookups = new Lookups(running.api());
    String token = Lookups.login(running, "officer");
    String path = "/v1/linkage/persons/3101700001098";
    assertEquals(200, lookups.get(token, "NC-COMMERCE", path).statusCode());
    assertEquals(204, admin.delete("/v1/admin/agencies/DEMO/services/NC-COMMERCE").statusCode());
    HttpResponse<Buffer> refused = lookups.get(token, "NC-COMMERCE", path);
    assertEquals(403, refused.statusCode());
    assertEquals("service-unknown", Lookups.type(refused));
    assertFalse(expect(200, admin.get("/v1/admin/agencies/DEMO/services/NC-COMMERCE")).getBoolean("active"), "kept, inactive");
    assertEquals(404, admin.delete("/v1/admin/agencies/DEMO/services/NC-COMMERCE").statusCode(), "already inactive");

    expect(200, admin.put("/v1/admin/agencies/DEMO/services/NC-COMMERCE", grant("linkage.person", "gdx.juristic")));
    assertEquals(200, lookups.get(token, "NC-COMMERCE", path).statusCode());
    expect(200, admin.put("/v1/admin/agencies/DEMO/services/NC-COMMERCE", grant("gdx.juristic")));
    HttpResponse<Buffer> notGranted = lookups.get(token, "NC-COMMERCE", path);
    assertEquals(403, notGranted.statusCode());
    assertEquals("dataset-not-granted", Lookups.type(notGranted));
    expect(200, admin.put("/v1/admin/agencies/DEMO/services/NC-COMMERCE", grant("linkage.person", "gdx.juristic")));
  }
}
