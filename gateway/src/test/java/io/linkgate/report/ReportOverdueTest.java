package io.linkgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drafts appear after the month closes; reports late for verification (the 3rd) or sending (the 5th) show in the metrics and the list. */
class ReportOverdueTest {

  @TempDir
  static Path dir;
  static final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T16:00:00Z"));
  static RunningGateway running;

  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "report:\n  generateDrafts: true\n");
    running = RunningGateway.demo(dir, file, Map.of(), clock, TestDatabase.newDatabaseUrl());
    try (ReportFixtures fx = new ReportFixtures(running.dbUrl())) {
      fx.partitions(YearMonth.of(2026, 10), YearMonth.of(2026, 12));
      fx.sql("UPDATE agency SET created_at = '2026-11-15T00:00:00Z'"); // registered in November: no October report is due
    }
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  static String metric(String stage) {
    String text = WebClient.create(running.gateway().vertx()).get(running.gateway().managementPort(), "127.0.0.1", "/metrics")
        .send().await().bodyAsString();
    return text.lines().filter(l -> l.startsWith("linkgate_reports_overdue{") && l.contains("stage=\"" + stage + "\""))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("missing");
  }

  static List<JsonObject> reports(String token) {
    return running.api().get("/v1/reports?agency=DEMO&month=2026-11").bearerTokenAuthentication(token).send().await()
        .bodyAsJsonObject().getJsonArray("items").stream().map(x -> (JsonObject) x).toList();
  }

  @Test
  void should_draft_after_the_month_and_count_late_stages() {
    running.gateway().reportScheduler().run().await();
    String auditor = Lookups.login(running, "auditor");
    assertTrue(reports(auditor).isEmpty(), "23:00 on 30 November in Bangkok: the month is still open");

    clock.set(Instant.parse("2026-11-30T17:00:01Z"));
    running.gateway().reportScheduler().run().await();
    auditor = Lookups.login(running, "auditor");
    assertTrue(reports(auditor).isEmpty(), "00:00 on 1 December: the month's last records may still be shipping (draftDelay 1h)");

    clock.set(Instant.parse("2026-11-30T18:00:01Z"));
    io.vertx.core.Future<Void> first = running.gateway().reportScheduler().run();
    org.junit.jupiter.api.Assertions.assertSame(first, running.gateway().reportScheduler().run(), "one round at a time");
    first.await();
    running.gateway().reportScheduler().run().await();
    auditor = Lookups.login(running, "auditor");
    List<JsonObject> drafts = reports(auditor);
    assertEquals(1, drafts.size(), "one draft, however often the scheduler runs");
    assertEquals("DRAFT", drafts.get(0).getString("state"));
    assertEquals("0.0", metric("verify"));
    assertEquals("0.0", metric("send"));

    clock.set(Instant.parse("2026-12-03T16:59:00Z"));
    running.gateway().reportScheduler().run().await();
    assertEquals("0.0", metric("verify"), "still the 3rd in Bangkok");

    clock.set(Instant.parse("2026-12-04T02:00:00Z"));
    running.gateway().reportScheduler().run().await();
    assertEquals("1.0", metric("verify"));
    assertEquals("0.0", metric("send"));
    auditor = Lookups.login(running, "auditor");
    assertEquals(List.of("verify"), reports(auditor).get(0).getJsonArray("overdue").getList());

    String user = Lookups.login(running, "officer");
    String controller = Lookups.login(running, "supervisor");
    JsonObject draft = running.api().get("/v1/reports/monthly?agency=DEMO&month=2026-11").bearerTokenAuthentication(user).send().await()
        .bodyAsJsonObject();
    String id = draft.getJsonObject("workflow").getString("reportId");
    String hash = draft.getJsonObject("workflow").getString("contentHash");
    for (String[] step : new String[][] {{user, "submit"}, {controller, "verify"}}) {
      assertEquals(200, running.api().post("/v1/reports/" + id + "/" + step[1]).bearerTokenAuthentication(step[0])
          .sendJsonObject(new JsonObject().put("comment", "ล่าช้า").put("contentHash", hash)).await().statusCode());
    }
    clock.set(clock.instant().plus(Duration.ofDays(2)));
    running.gateway().reportScheduler().run().await();
    assertEquals("0.0", metric("verify"));
    assertEquals("1.0", metric("send"), "6 December: verified but not yet sent on");
    auditor = Lookups.login(running, "auditor");
    assertEquals(List.of("send"), reports(auditor).get(0).getJsonArray("overdue").getList());
  }
}
