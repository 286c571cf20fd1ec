package io.linkgate.lookup;

import static io.linkgate.testing.Lookups.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.citizen.CitizenId;
import io.linkgate.registry.AdminAudit;
import io.linkgate.registry.DemoData;
import io.linkgate.sandbox.Fault;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.sandbox.SandboxEndpoint;
import io.linkgate.testing.Logins;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache: hits, TTLs, single flight, negative entries, stale-if-error, purge, and never before authorization. */
class LookupCacheTest {

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  RunningGateway running;
  Lookups lookups;
  Sandbox sandbox;
  String officer;
  int next = 200;

  @BeforeEach
  void start() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "limits:\n  sessionBurst: 1000\n  sessionRate: 1000\n  officerDaily: 100000\nsession:\n  idleTimeout: 3h\n");
    running = RunningGateway.demo(dir, file, Map.of(), clock, TestDatabase.newDatabaseUrl());
    lookups = new Lookups(running.api());
    sandbox = running.gateway().sandbox();
    officer = Lookups.login(running, "officer");
  }

  @AfterEach
  void stop() {
    running.close();
  }

  /** A citizen ID the sandbox knows and no other test used. */
  String freshCitizen() {
    String cid;
    do {
      cid = CitizenId.withCheckDigit("3101700" + String.format("%05d", next++));
    } while (io.linkgate.sandbox.Population.isNotFound(cid));
    return cid;
  }

  long upstreamCalls() {
    return sandbox.calls(SandboxEndpoint.LINKAGE_LINK);
  }

  @Test
  void should_miss_then_hit_then_miss_again_after_the_ttl() {
    String cid = freshCitizen();
    long before = upstreamCalls();
    HttpResponse<Buffer> first = lookups.person(officer, cid);
    assertEquals("MISS", first.getHeader("X-Cache"));
    HttpResponse<Buffer> second = lookups.person(officer, cid);
    assertEquals("HIT", second.getHeader("X-Cache"));
    assertEquals(first.bodyAsJsonObject(), second.bodyAsJsonObject());
    assertEquals(before + 1, upstreamCalls());
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertEquals("MISS", lookups.person(officer, cid).getHeader("X-Cache"));
    assertEquals(before + 2, upstreamCalls());
  }

  @Test
  void should_make_one_upstream_call_for_a_hundred_concurrent_misses() {
    String cid = freshCitizen();
    sandbox.setLatency(Duration.ofMillis(300), Duration.ofMillis(300));
    long before = upstreamCalls();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + cid).send());
    }
    Future.all(calls).await();
    for (Future<HttpResponse<Buffer>> c : calls) {
      assertEquals(200, c.result().statusCode());
    }
    assertEquals(before + 1, upstreamCalls(), "single flight: one upstream call");
  }

  @Test
  void should_remember_not_found_briefly() {
    String missing = CitizenId.withCheckDigit("100000000100");
    long before = upstreamCalls();
    HttpResponse<Buffer> first = lookups.person(officer, missing);
    assertEquals(404, first.statusCode());
    assertEquals("MISS", first.getHeader("X-Cache"));
    HttpResponse<Buffer> second = lookups.person(officer, missing);
    assertEquals(404, second.statusCode());
    assertEquals("HIT", second.getHeader("X-Cache"));
    assertEquals("90500", second.bodyAsJsonObject().getString("linkageStatus"));
    assertEquals(before + 1, upstreamCalls());
    clock.advance(Duration.ofSeconds(31));
    assertEquals("MISS", lookups.person(officer, missing).getHeader("X-Cache"));
    assertEquals(before + 2, upstreamCalls());
  }

  @Test
  void should_serve_a_stale_answer_when_the_upstream_fails_within_the_window_only() {
    String cid = freshCitizen();
    JsonObject fresh = lookups.person(officer, cid).bodyAsJsonObject();
    clock.advance(Duration.ofMinutes(11));
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(0, Duration.ZERO, true));
    HttpResponse<Buffer> stale = lookups.person(officer, cid);
    assertEquals(200, stale.statusCode());
    assertEquals("STALE", stale.getHeader("X-Cache"));
    assertEquals(fresh, stale.bodyAsJsonObject());
    clock.advance(Duration.ofHours(1));
    HttpResponse<Buffer> gone = lookups.person(officer, cid);
    assertEquals(503, gone.statusCode());
    assertEquals("upstream-unavailable", type(gone));
    assertEquals("5", gone.getHeader("Retry-After"), "a 503 says when to try again");
  }

  @Test
  void should_not_serve_a_cached_dataset_to_an_officer_without_the_right() throws Exception {
    String cid = freshCitizen();
    assertEquals(200, lookups.get(officer, "NC-CIVILREG", "/v1/linkage/persons/" + cid + "/house").statusCode());
    assertEquals("HIT", lookups.get(officer, "NC-CIVILREG", "/v1/linkage/persons/" + cid + "/house").getHeader("X-Cache"));
    String welfareOnly = "1101700001121";
    HttpResponse<Buffer> registered = running.api().post("/v1/admin/officers").bearerTokenAuthentication(RunningGateway.ADMIN_TOKEN)
        .sendJsonObject(new JsonObject().put("citizenId", welfareOnly).put("agency", "DEMO").put("nameTh", "นางสาวสวัสดิการ ทดสอบ")
            .put("rank", "K1").put("roles", new JsonArray().add("USER")).put("services", new JsonArray().add("NC-WELFARE"))).await();
    assertEquals(201, registered.statusCode());
    String other = running.logins().login(Logins.card(welfareOnly), DemoData.DEVICE_ID, io.linkgate.cardedge.device.DeviceKey.demo());
    double hitsBefore = running.gateway().registry().find("linkgate.cache.lookups").tag("result", "hit").counters().stream()
        .mapToDouble(c -> c.count()).sum();
    HttpResponse<Buffer> denied = lookups.get(other, "NC-WELFARE", "/v1/linkage/persons/" + cid + "/house");
    assertEquals(403, denied.statusCode());
    assertNull(denied.getHeader("X-Cache"), "the cache was not consulted");
    assertEquals("service-not-assigned", type(lookups.get(other, "NC-CIVILREG", "/v1/linkage/persons/" + cid + "/house")));
    double hitsAfter = running.gateway().registry().find("linkgate.cache.lookups").tag("result", "hit").counters().stream()
        .mapToDouble(c -> c.count()).sum();
    assertEquals(hitsBefore, hitsAfter);
  }

  @Test
  void should_purge_a_target_or_a_whole_dataset_on_admin_request() throws Exception {
    String a = freshCitizen();
    String b = freshCitizen();
    lookups.person(officer, a);
    lookups.person(officer, b);
    HttpResponse<Buffer> one = purge(RunningGateway.ADMIN_TOKEN, new JsonObject().put("dataset", "linkage.person").put("target", a));
    assertEquals(200, one.statusCode(), one.bodyAsString());
    assertEquals(1, one.bodyAsJsonObject().getLong("purged"));
    assertEquals("MISS", lookups.person(officer, a).getHeader("X-Cache"));
    assertEquals("HIT", lookups.person(officer, b).getHeader("X-Cache"));
    HttpResponse<Buffer> all = purge(RunningGateway.ADMIN_TOKEN, new JsonObject().put("dataset", "linkage.person"));
    assertTrue(all.bodyAsJsonObject().getLong("purged") >= 2);
    assertEquals("MISS", lookups.person(officer, b).getHeader("X-Cache"));
    HttpResponse<Buffer> bad = purge(RunningGateway.ADMIN_TOKEN, new JsonObject().put("dataset", "everything"));
    assertEquals(400, bad.statusCode());
    assertEquals(403, purge(officer, new JsonObject().put("dataset", "linkage.person")).statusCode());
    try (var c = TestDatabase.connect(running.dbUrl()); var st = c.createStatement();
         var rs = st.executeQuery("SELECT actor, target, detail::text FROM admin_audit WHERE action = 'cache.purge' ORDER BY at")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
      assertEquals(2, rows.size(), "both purges are in the audit trail: " + rows);
      assertTrue(rows.get(0).startsWith("bootstrap linkage.person") && rows.get(0).contains("\"oneTarget\": true"), rows.get(0));
      assertTrue(rows.stream().noneMatch(r -> r.contains(a)), "never the citizen ID");
    }
  }

  private HttpResponse<Buffer> purge(String token, JsonObject body) {
    return running.api().post("/v1/admin/cache/purge").bearerTokenAuthentication(token).sendJsonObject(body).await();
  }

  /** A misspelt member (here the target under another name) is refused: read as absent, it purged the whole dataset. */
  @Test
  void should_refuse_a_purge_with_an_unknown_member_and_purge_nothing() throws Exception {
    String a = freshCitizen();
    String b = freshCitizen();
    lookups.person(officer, a);
    lookups.person(officer, b);
    HttpResponse<Buffer> misspelt = purge(RunningGateway.ADMIN_TOKEN, new JsonObject().put("dataset", "linkage.person").put("citizenId", a));
    assertEquals(400, misspelt.statusCode(), misspelt.bodyAsString());
    assertEquals("citizenId", misspelt.bodyAsJsonObject().getString("field"));
    assertTrue(!misspelt.bodyAsString().contains(a), "the value is not echoed");
    assertEquals("HIT", lookups.person(officer, a).getHeader("X-Cache"));
    assertEquals("HIT", lookups.person(officer, b).getHeader("X-Cache"), "the rest of the dataset stays cached");
  }

  @Test
  void should_drop_answers_stored_under_a_longer_ttl_when_a_reload_shortens_it() throws Exception {
    String cid = freshCitizen();
    lookups.person(officer, cid);
    assertEquals("HIT", lookups.person(officer, cid).getHeader("X-Cache"));
    Files.writeString(dir.resolve("gateway.yaml"), "limits:\n  sessionBurst: 1000\n  sessionRate: 1000\n  officerDaily: 100000\nsession:\n  idleTimeout: 3h\n"
        + "cache:\n  datasets:\n    linkage.person: { ttl: 1m, maxBytes: 64MB }\n");
    running.gateway().reloadConfig(AdminAudit.SIGNAL);
    clock.advance(Duration.ofMinutes(2));
    assertEquals("MISS", lookups.person(officer, cid).getHeader("X-Cache"), "stored for 10 minutes, but the TTL is now 1 minute");
  }

  @Test
  void should_stay_within_its_memory_budget() throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), "limits:\n  sessionBurst: 1000\n  sessionRate: 1000\n  officerDaily: 100000\nsession:\n  idleTimeout: 3h\n"
        + "cache:\n  datasets:\n    linkage.person: { ttl: 10m, maxBytes: 8KB }\n");
    running.gateway().reloadConfig(AdminAudit.SIGNAL);
    for (int i = 0; i < 40; i++) {
      assertEquals(200, lookups.person(officer, freshCitizen()).statusCode());
    }
    double weight = running.gateway().registry().get("linkgate.cache.size").tag("dataset", "linkage.person").gauge().value();
    assertTrue(weight > 0 && weight < 12, "entries kept: " + weight);
  }
}
