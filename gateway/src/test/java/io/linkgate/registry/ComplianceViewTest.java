package io.linkgate.registry;

import static io.linkgate.registry.AdminClient.cid;
import static io.linkgate.registry.AdminClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance view on fixtures of agency CMPL: a service with one USER and one with none (listed), one with
 * two (not); a USER without services; devices last used 91 and 89 days ago by the gateway's clock.
 */
class ComplianceViewTest {

  static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final MutableClock CLOCK = new MutableClock(START);

  @TempDir
  static Path dir;
  static RunningGateway running;
  static AdminClient admin;
  static String lonelyUser;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), CLOCK);
    admin = AdminClient.bootstrap(running);
    expect(201, admin.post("/v1/admin/agencies", new JsonObject().put("code", "CMPL").put("officeCode", "20001").put("nameTh", "สำนักงานทดสอบ")
        .put("nameEn", "Compliance test office").put("monthlyQuota", 100)));
    for (String service : List.of("CMPL-ONE", "CMPL-TWO", "CMPL-NONE", "CMPL-OFF")) {
      expect(201, admin.post("/v1/admin/services", new JsonObject().put("code", service).put("nameTh", "งาน " + service).put("nameEn", service)));
      expect(201, admin.put("/v1/admin/agencies/CMPL/services/" + service, new JsonObject().put("datasets", new JsonArray(List.of("linkage.person")))));
    }
    expect(204, admin.delete("/v1/admin/agencies/CMPL/services/CMPL-OFF"));
    register("110170000401", List.of("USER"), List.of("CMPL-ONE", "CMPL-TWO"));
    register("110170000402", List.of("USER"), List.of("CMPL-TWO"));
    lonelyUser = register("110170000403", List.of("USER"), List.of());
    register("110170000404", List.of("CONTROLLING_SUPERVISOR"), List.of());
    String inactive = register("110170000405", List.of("USER"), List.of("CMPL-ONE", "CMPL-NONE"));
    expect(200, admin.patch("/v1/admin/officers/" + inactive, new JsonObject().put("active", false)));
    String inactiveLonely = register("110170000406", List.of("USER"), List.of());
    expect(200, admin.patch("/v1/admin/officers/" + inactiveLonely, new JsonObject().put("active", false)));

    for (String device : List.of("cmpl-old", "cmpl-recent", "cmpl-never", "cmpl-revoked")) {
      expect(201, admin.post("/v1/admin/devices", new JsonObject().put("id", device).put("agency", "CMPL").put("publicKey", DemoData.DEVICE_PUBLIC_KEY)));
    }
    seen("cmpl-old", Duration.ofDays(91));
    seen("cmpl-recent", Duration.ofDays(89));
    seen("cmpl-revoked", Duration.ofDays(200));
    expect(204, admin.delete("/v1/admin/devices/cmpl-revoked"));
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  static String register(String first12, List<String> roles, List<String> services) {
    return expect(201, admin.post("/v1/admin/officers", AdminClient.officer(cid(first12), "CMPL", "K1", roles, services))).getString("id");
  }

  /** Marks a device last used {@code ago} before the gateway's clock. */
  static void seen(String device, Duration ago) throws Exception {
    AdminClient.sql(running, "UPDATE device SET last_seen_at = '" + CLOCK.instant().minus(ago) + "' WHERE id = '" + device + "'");
  }

  static List<String> column(JsonObject section, String key) {
    return section.getJsonArray("items").stream().map(o -> String.valueOf(((JsonObject) o).getValue(key))).toList();
  }

  @Test
  void should_list_services_with_fewer_than_two_active_users_with_their_count() {
    JsonObject view = expect(200, admin.get("/v1/admin/compliance?agency=CMPL"));
    JsonObject services = view.getJsonObject("servicesWithFewerThanTwoUsers");
    assertEquals(List.of("CMPL-NONE", "CMPL-ONE"), column(services, "service"), "CMPL-TWO has two; CMPL-OFF is inactive");
    assertEquals(List.of("0", "1"), column(services, "users"), "the inactive officer does not count");
    assertFalse(services.getBoolean("truncated"));
    assertEquals(List.of(), column(expect(200, admin.get("/v1/admin/compliance?agency=DEMO")).getJsonObject("servicesWithFewerThanTwoUsers"),
        "service"), "every demo service has its two users");
  }

  @Test
  void should_list_active_users_without_services() {
    JsonObject view = expect(200, admin.get("/v1/admin/compliance?agency=CMPL"));
    assertEquals(List.of(lonelyUser), column(view.getJsonObject("usersWithoutServices"), "id"));
  }

  @Test
  void should_list_devices_unused_for_ninety_days_by_the_gateways_clock() {
    JsonObject devices = expect(200, admin.get("/v1/admin/compliance?agency=CMPL")).getJsonObject("unusedDevices");
    assertEquals(List.of("cmpl-old"), column(devices, "id"));
    assertEquals(List.of("91"), column(devices, "unusedDays"));
    assertEquals(90, devices.getInteger("thresholdDays"));
    CLOCK.advance(Duration.ofDays(2));
    try {
      assertEquals(List.of("cmpl-old", "cmpl-recent"), column(expect(200, admin.get("/v1/admin/compliance?agency=CMPL")).getJsonObject("unusedDevices"), "id"));
      CLOCK.advance(Duration.ofDays(89));
      assertEquals(List.of("cmpl-old", "cmpl-recent", "cmpl-never"),
          column(expect(200, admin.get("/v1/admin/compliance?agency=CMPL")).getJsonObject("unusedDevices"), "id"),
          "a device never used counts from its enrolment; a revoked one never");
    } finally {
      CLOCK.set(START);
    }
  }

  @Test
  void should_cover_every_agency_without_a_filter_and_validate_the_filter() {
    JsonObject view = expect(200, admin.get("/v1/admin/compliance"));
    assertEquals(List.of("CMPL", "CMPL"), column(view.getJsonObject("servicesWithFewerThanTwoUsers"), "agency"));
    assertEquals("agency", AdminClient.field(admin.get("/v1/admin/compliance?agency=not%20a%20code")));
  }
}
