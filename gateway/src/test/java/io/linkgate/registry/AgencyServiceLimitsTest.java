package io.linkgate.registry;

import static io.linkgate.registry.AdminClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agency service's session limit set in the registry governs the session bucket, ahead of the configuration's
 * service override, agency override and default (each of rate and burst on its own).
 */
class AgencyServiceLimitsTest {

  static final String PATH = "/v1/linkage/persons/3101700001098";
  /** Slow refill, and a clock that does not move: a bucket holds exactly its burst. */
  static final String LIMITS = """
      limits:
        sessionRate: 0.001
        sessionBurst: 10
        agencies:
          DEMO: { sessionBurst: 4 }
        services:
          DEMO/NC-WELFARE: { sessionBurst: 3 }
      """;

  @TempDir
  Path dir;
  RunningGateway running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  static String sessionPolicy(HttpResponse<Buffer> r) {
    return r.getHeader("RateLimit-Policy").split(",")[0];
  }

  static JsonObject limits(List<String> datasets, Double rate, Integer burst) {
    return new JsonObject().put("datasets", new JsonArray(datasets)).put("sessionRate", rate).put("sessionBurst", burst);
  }

  @Test
  void should_take_the_session_limit_from_the_registry_before_the_configuration() throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, LIMITS);
    running = RunningGateway.demo(dir, config, Map.of(), new MutableClock(Instant.parse("2026-11-02T03:00:00Z")), TestDatabase.newDatabaseUrl());
    AdminClient admin = AdminClient.bootstrap(running);
    Lookups lookups = new Lookups(running.api());
    String token = Lookups.login(running, "officer");

    HttpResponse<Buffer> civil = lookups.get(token, "NC-CIVILREG", PATH);
    assertEquals(200, civil.statusCode());
    assertTrue(sessionPolicy(civil).startsWith("\"session\";q=4;"), "agency override: " + sessionPolicy(civil));
    HttpResponse<Buffer> welfare = lookups.get(token, "NC-WELFARE", PATH);
    assertTrue(sessionPolicy(welfare).startsWith("\"session\";q=3;"), "service override: " + sessionPolicy(welfare));

    expect(200, admin.put("/v1/admin/agencies/DEMO/services/NC-WELFARE", limits(List.of("linkage.person", "gdx.card-check"), null, 1)));
    HttpResponse<Buffer> first = lookups.get(token, "NC-WELFARE", PATH);
    assertEquals(200, first.statusCode(), "a changed limit starts a full bucket");
    assertEquals("\"session\";q=1;w=1000", sessionPolicy(first), "registry burst, configured rate");
    HttpResponse<Buffer> second = lookups.get(token, "NC-WELFARE", PATH);
    assertEquals(429, second.statusCode());
    assertEquals("rate-limit-session", Lookups.type(second));

    expect(200, admin.put("/v1/admin/agencies/DEMO/services/NC-WELFARE", limits(List.of("linkage.person", "gdx.card-check"), 1000.0, null)));
    HttpResponse<Buffer> inherited = lookups.get(token, "NC-WELFARE", PATH);
    assertEquals(200, inherited.statusCode());
    assertEquals("\"session\";q=3;w=1", sessionPolicy(inherited), "registry rate, the service override's burst again");

    expect(200, admin.put("/v1/admin/agencies/DEMO/services/NC-CIVILREG", limits(List.of("linkage.person", "linkage.house"), null, 2)));
    HttpResponse<Buffer> civilAfter = lookups.get(token, "NC-CIVILREG", PATH);
    assertTrue(sessionPolicy(civilAfter).startsWith("\"session\";q=2;"), "registry before the agency override: " + sessionPolicy(civilAfter));
  }
}
