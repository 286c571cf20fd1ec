package io.linkgate.registry;

import static io.linkgate.registry.AdminClient.expect;
import static io.linkgate.registry.AdminClient.field;
import static io.linkgate.registry.AdminClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agencies: create, read, list, update; validation that changes nothing; changes reaching lookups at once. */
class AgencyAdminTest {

  /** Monday 2 November 2026, 10:00 in Bangkok. */
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));

  @TempDir
  static Path dir;
  static RunningGateway running;
  static AdminClient admin;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), CLOCK);
    admin = new AdminClient(running.api(), Lookups.login(running, "admin"));
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  static JsonObject agency(String code) {
    return new JsonObject().put("code", code).put("officeCode", "10510").put("nameTh", "สำนักงานเขตทดสอบ").put("nameEn", "Test district office")
        .put("monthlyQuota", 5000).put("workDays", new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI")))
        .put("workStart", "08:30").put("workEnd", "16:30");
  }

  @Test
  void should_create_read_list_and_update_an_agency_and_audit_each_change() throws Exception {
    JsonObject created = expect(201, admin.post("/v1/admin/agencies", agency("DISTRICT-1")));
    assertEquals("10510", created.getString("officeCode"));
    assertEquals(new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI")), created.getJsonArray("workDays"));
    assertEquals("31", AdminClient.sql(running, "SELECT work_days FROM agency WHERE code = 'DISTRICT-1'").get(0).get(0),
        "Monday to Friday is bits 0 to 4");

    JsonObject read = expect(200, admin.get("/v1/admin/agencies/DISTRICT-1"));
    assertEquals("Test district office", read.getString("nameEn"));
    assertEquals("16:30", read.getString("workEnd"));
    JsonArray all = AdminClient.items(admin.get("/v1/admin/agencies"));
    assertTrue(all.stream().map(o -> ((JsonObject) o).getString("code")).toList().containsAll(List.of("CENTRAL", "DEMO", "DISTRICT-1")));

    JsonObject updated = expect(200, admin.patch("/v1/admin/agencies/DISTRICT-1", new JsonObject().put("monthlyQuota", 0)
        .put("workDays", new JsonArray(List.of("SAT", "SUN"))).put("workStart", "09:00").put("active", false)));
    assertEquals(0, updated.getInteger("monthlyQuota"));
    assertEquals(new JsonArray(List.of("SAT", "SUN")), updated.getJsonArray("workDays"));
    assertEquals("09:00", updated.getString("workStart"));
    assertFalse(updated.getBoolean("active"));
    assertEquals("96", AdminClient.sql(running, "SELECT work_days FROM agency WHERE code = 'DISTRICT-1'").get(0).get(0));
    assertEquals(1, AdminClient.items(admin.get("/v1/admin/agencies?active=false")).size());

    List<List<String>> audit = AdminClient.sql(running,
        "SELECT action, actor, detail->'changes'->'monthlyQuota'->>'from', detail->'changes'->'monthlyQuota'->>'to' "
            + "FROM admin_audit WHERE target = 'DISTRICT-1' ORDER BY at");
    assertEquals(2, audit.size());
    assertEquals(List.of("agency.create", AdminClient.demoOfficerId("admin")), audit.get(0).subList(0, 2));
    assertEquals(List.of("agency.update", AdminClient.demoOfficerId("admin"), "5000", "0"), audit.get(1));
  }

  @Test
  void should_take_24_00_or_00_00_as_a_working_day_that_ends_at_midnight() throws Exception {
    expect(201, admin.post("/v1/admin/agencies", agency("ALLDAY-1").put("workStart", "00:00").put("workEnd", "24:00")));
    assertEquals("24:00", expect(200, admin.get("/v1/admin/agencies/ALLDAY-1")).getString("workEnd"));
    assertEquals("23:59:59.999999", AdminClient.sql(running, "SELECT work_end FROM agency WHERE code = 'ALLDAY-1'").get(0).get(0),
        "the last microsecond: hours stay [start, end), and 23:59:59.5 is inside them");
    JsonObject evening = expect(200, admin.patch("/v1/admin/agencies/ALLDAY-1", new JsonObject().put("workStart", "18:00").put("workEnd", "00:00")));
    assertEquals("24:00", evening.getString("workEnd"), "00:00 as an end is midnight: no start comes before it otherwise");
    HttpResponse<Buffer> late = admin.patch("/v1/admin/agencies/ALLDAY-1", new JsonObject().put("workEnd", "24:30"));
    assertEquals(400, late.statusCode(), late.bodyAsString());
    assertEquals("workEnd", field(late));
    assertEquals(400, admin.patch("/v1/admin/agencies/ALLDAY-1", new JsonObject().put("workStart", "24:00")).statusCode(),
        "24:00 ends a day, it starts none");
  }

  @Test
  void should_refuse_invalid_fields_naming_the_field_and_create_nothing() throws Exception {
    Map<String, JsonObject> invalid = Map.of(
        "officeCode", agency("BAD-1").put("officeCode", "1051"),
        "monthlyQuota", agency("BAD-2").put("monthlyQuota", -1),
        "workStart", agency("BAD-3").put("workStart", "25:00"),
        "workEnd", agency("BAD-4").put("workStart", "17:00").put("workEnd", "08:00"),
        "workDays", agency("BAD-5").put("workDays", new JsonArray(List.of("MON", "FUNDAY"))),
        "code", agency("bad lower case"),
        "monthlyQuata", agency("BAD-6").put("monthlyQuata", 5));
    for (Map.Entry<String, JsonObject> e : invalid.entrySet()) {
      HttpResponse<Buffer> r = admin.post("/v1/admin/agencies", e.getValue());
      assertEquals(400, r.statusCode(), e.getKey() + ": " + r.bodyAsString());
      assertEquals(e.getKey(), field(r));
    }
    assertEquals("0", AdminClient.sql(running, "SELECT count(*) FROM agency WHERE code LIKE 'BAD%'").get(0).get(0));
    assertEquals("0", AdminClient.sql(running, "SELECT count(*) FROM admin_audit WHERE target LIKE 'BAD%'").get(0).get(0));
  }

  @Test
  void should_refuse_an_invalid_update_and_leave_the_agency_as_it_was() throws Exception {
    expect(201, admin.post("/v1/admin/agencies", agency("DISTRICT-2")));
    HttpResponse<Buffer> late = admin.patch("/v1/admin/agencies/DISTRICT-2", new JsonObject().put("monthlyQuota", 1).put("workStart", "17:00"));
    assertEquals(400, late.statusCode(), "17:00 is after the stored end 16:30");
    assertEquals("workStart", field(late));
    assertEquals("officeCode", field(admin.patch("/v1/admin/agencies/DISTRICT-2", new JsonObject().put("officeCode", "ABCDE"))));
    assertEquals("code", field(admin.patch("/v1/admin/agencies/DISTRICT-2", new JsonObject().put("code", "OTHER"))));
    // beyond a long: 2^64 + 5 must not be stored as 5, nor 2^64 as 0
    for (String huge : List.of("18446744073709551621", "18446744073709551616", "-18446744073709551611")) {
      HttpResponse<Buffer> r = admin.patch("/v1/admin/agencies/DISTRICT-2", new JsonObject().put("monthlyQuota", new java.math.BigInteger(huge)));
      assertEquals(400, r.statusCode(), huge + ": " + r.bodyAsString());
      assertEquals("monthlyQuota", field(r));
    }
    JsonObject after = expect(200, admin.get("/v1/admin/agencies/DISTRICT-2"));
    assertEquals(5000, after.getInteger("monthlyQuota"));
    assertEquals("08:30", after.getString("workStart"));
    assertEquals("10510", after.getString("officeCode"));
    assertEquals("1", AdminClient.sql(running, "SELECT count(*) FROM admin_audit WHERE target = 'DISTRICT-2'").get(0).get(0));
  }

  @Test
  void should_answer_409_for_a_duplicate_and_404_for_an_unknown_agency() {
    expect(201, admin.post("/v1/admin/agencies", agency("DISTRICT-3")));
    HttpResponse<Buffer> again = admin.post("/v1/admin/agencies", agency("DISTRICT-3"));
    assertEquals(409, again.statusCode());
    assertEquals("conflict", type(again));
    assertEquals(404, admin.get("/v1/admin/agencies/NOPE").statusCode());
    assertEquals(404, admin.patch("/v1/admin/agencies/NOPE", new JsonObject().put("monthlyQuota", 1)).statusCode());
  }

  @Test
  void should_apply_changed_working_days_to_lookups_at_once() {
    Lookups lookups = new Lookups(running.api());
    String token = Lookups.login(running, "officer");
    assertEquals(200, lookups.person(token, "3101700001098").statusCode(), "DEMO works every day");
    try {
      expect(200, admin.patch("/v1/admin/agencies/DEMO", new JsonObject().put("workDays", new JsonArray(List.of("SAT", "SUN")))));
      HttpResponse<Buffer> monday = lookups.person(token, "3101700001098");
      assertEquals(403, monday.statusCode());
      assertEquals("outside-working-hours", Lookups.type(monday));
    } finally {
      expect(200, admin.patch("/v1/admin/agencies/DEMO", new JsonObject()
          .put("workDays", new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")))));
    }
    assertEquals(200, lookups.person(token, "3101700001098").statusCode());
  }

  @Test
  void should_refuse_agency_administration_to_a_user_session() {
    AdminClient user = new AdminClient(running.api(), Lookups.login(running, "officer"));
    HttpResponse<Buffer> r = user.post("/v1/admin/agencies", agency("DISTRICT-9"));
    assertEquals(403, r.statusCode());
    assertEquals("admin-required", type(r));
    assertNull(expect(404, admin.get("/v1/admin/agencies/DISTRICT-9")).getString("code"));
  }
}
