package io.linkgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/admin/config/reload} against a running gateway whose --config file the test rewrites. */
class ConfigReloadTest {

  /** Monday 2 November 2026, 10:00 in Bangkok: inside the demo agency's working hours. */
  static final Instant MONDAY_10 = Instant.parse("2026-11-02T03:00:00Z");

  @TempDir
  Path dir;
  RunningGateway running;
  Path configFile;

  void start(String yaml) throws Exception {
    configFile = dir.resolve("gateway.yaml");
    Files.writeString(configFile, yaml);
    running = RunningGateway.demo(dir, configFile, Map.of(), new MutableClock(MONDAY_10), TestDatabase.newDatabaseUrl());
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  /** Starts with a session burst of 1 and spends it: the officer's next lookup is refused until a larger burst applies. */
  String startWithABurstOfOneSpent() throws Exception {
    start("limits:\n  sessionRate: 1\n  sessionBurst: 1\n");
    String token = Lookups.login(running, "officer");
    assertEquals(200, lookup(token).statusCode());
    return token;
  }

  HttpResponse<Buffer> lookup(String token) {
    return new Lookups(running.api()).person(token, "3101700001098");
  }

  HttpResponse<Buffer> reload(String yaml) throws Exception {
    Files.writeString(configFile, yaml);
    return running.api().post("/v1/admin/config/reload").bearerTokenAuthentication(RunningGateway.ADMIN_TOKEN).send().await();
  }

  static String restartRequired(HttpResponse<Buffer> reload) {
    assertEquals(200, reload.statusCode(), reload.bodyAsString());
    return reload.bodyAsJsonObject().getJsonArray("restartRequired").encode();
  }

  @Test
  void should_keep_reporting_a_section_needing_a_restart_until_the_file_matches_what_runs_again() throws Exception {
    start("session:\n  idleTimeout: 15m\n");
    assertEquals("[\"session\"]", restartRequired(reload("session:\n  idleTimeout: 20m\n")));
    // nothing edited since: the process still runs 15m, so the restart is still needed
    assertEquals("[\"session\"]", restartRequired(reload("session:\n  idleTimeout: 20m\n")));
    // back to what runs: nothing to restart for
    assertEquals("[]", restartRequired(reload("session:\n  idleTimeout: 15m\n")));
  }

  @Test
  void should_refuse_a_duration_too_large_for_its_unit_with_400_and_change_nothing() throws Exception {
    String token = startWithABurstOfOneSpent();
    HttpResponse<Buffer> refused = reload("limits:\n  sessionRate: 1\n  sessionBurst: 100\n  quotaSyncInterval: 999999999999999d\n");
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals("limits.quotaSyncInterval", refused.bodyAsJsonObject().getString("field"));
    assertEquals(429, lookup(token).statusCode(), "the old burst of 1 still holds");
  }

  @Test
  void should_apply_nothing_when_the_reload_cannot_be_audited() throws Exception {
    String token = startWithABurstOfOneSpent();
    sql("""
        CREATE FUNCTION refuse_reload_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit unavailable'; END $$;
        CREATE TRIGGER refuse_reload_audit BEFORE INSERT ON admin_audit FOR EACH ROW
        WHEN (NEW.action = 'config.reload') EXECUTE FUNCTION refuse_reload_audit();""");
    HttpResponse<Buffer> failed = reload("limits:\n  sessionRate: 1\n  sessionBurst: 100\n");
    assertEquals(500, failed.statusCode(), failed.bodyAsString());
    assertEquals(429, lookup(token).statusCode(), "the unaudited burst of 100 was not applied");

    sql("DROP TRIGGER refuse_reload_audit ON admin_audit");
    HttpResponse<Buffer> applied = reload("limits:\n  sessionRate: 1\n  sessionBurst: 100\n");
    assertEquals("[\"limits\"]", applied.bodyAsJsonObject().getJsonArray("applied").encode(), "the same edit, now audited, is applied");
    assertEquals(200, lookup(token).statusCode());
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT actor, detail FROM admin_audit WHERE action = 'config.reload'")) {
      rs.next();
      assertEquals("bootstrap", rs.getString(1));
      assertEquals(new JsonObject().put("applied", new io.vertx.core.json.JsonArray().add("limits"))
          .put("restartRequired", new io.vertx.core.json.JsonArray()), new JsonObject(rs.getString(2)));
      assertEquals(false, rs.next(), "one audit record: the applied reload");
    }
  }

  void sql(String statement) throws Exception {
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
