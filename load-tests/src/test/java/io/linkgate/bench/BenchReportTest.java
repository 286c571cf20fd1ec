package io.linkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  @TempDir
  Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  /** A result in which every target is met, measured with the script's defaults. */
  private static JsonObject result() {
    JsonArray samples = new JsonArray();
    for (int t = 0; t < 40; t++) {
      samples.add(new JsonObject().put("t", t * 15).put("rssBytes", 400L << 20).put("heapBytes", 200L << 20));
    }
    return new JsonObject().put("timestamp", "20261207T000000Z").put("answerBytes", 901)
        .put("host", new JsonObject().put("pinned", new JsonObject().put("server", 1).put("client", 0)))
        .put("wrk", new JsonObject().put("threads", 1).put("connections", 64).put("seconds", 15))
        .put("plainVertx", wrk(100_000, 0)).put("linkgateCacheHit", wrk(60_000, 0))
        .put("nginxToSandbox", wrk(20_000, 0)).put("linkgateCacheOffToSandbox", wrk(21_000, 0))
        .put("halfLoad", new JsonObject().put("rate", 10_000).put("fixed", false).put("seconds", 20)
            .put("sandboxDirect", rate(900, 2_000)).put("throughLinkgate", rate(1_200, 3_000)))
        .put("soak", new JsonObject().put("seconds", 600).put("distinctCitizens", 1_000_000)
            .put("wrk", wrk(10_000, 3_000)).put("samples", samples));
  }

  private static JsonObject wrk(double rps, long non2xx) {
    return new JsonObject().put("requests", (long) (rps * 15)).put("seconds", 15.0).put("rps", rps)
        .put("socketErrors", 0).put("non2xx", non2xx).put("timeouts", 0).put("p50us", 1_000).put("p90us", 2_000)
        .put("p99us", 5_000).put("maxUs", 9_000).put("stealPercent", 0.1);
  }

  private static JsonObject rate(long p50us, long p99us) {
    return new JsonObject().put("requests", 350_000).put("completed", 350_000).put("errors", 0).put("p50us", p50us)
        .put("p99us", p99us).put("maxUs", p99us * 2).put("timerLagP99us", 1_500).put("timerLagMaxUs", 3_000)
        .put("connWaitP99us", 0).put("connWaitMaxUs", 0).put("stealPercent", 0.0);
  }

  private int report(JsonObject r) throws Exception {
    return report(r.encode());
  }

  private int report(String text) throws Exception {
    Path file = dir.resolve("result.json");
    Files.writeString(file, text);
    return BenchReport.report(file, new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private JsonObject summary() throws Exception {
    return new JsonObject(Files.readString(dir.resolve("result.json"))).getJsonObject("summary");
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void should_report_all_targets_met_when_every_target_was_measured_as_specified_and_met() throws Exception {
    assertEquals(BenchReport.ALL_MET, report(result()), printed());
    assertTrue(printed().contains("ALL TARGETS MET"), printed());
  }

  @Test
  void should_miss_a_ratio_when_the_contestant_answered_more_than_0_1_percent_non_2xx() throws Exception {
    JsonObject r = result();
    r.put("linkgateCacheOffToSandbox", wrk(30_000, 30_000 * 15 / 100));   // 1 % 503s, "faster" than nginx

    assertEquals(BenchReport.MISSED, report(r), printed());
    assertTrue(summary().getJsonArray("missed").encode().contains("cache off / nginx (same upstream): not valid"),
        printed());
  }

  @Test
  void should_miss_a_ratio_not_read_infinity_as_met_when_the_baseline_answered_nothing() throws Exception {
    JsonObject r = result();
    r.put("nginxToSandbox", wrk(0, 0));

    assertEquals(BenchReport.MISSED, report(r), printed());
    assertTrue(summary().getJsonArray("missed").encode().contains("cache off / nginx"), printed());
    assertTrue(printed().contains("NOT VALID: nginx: no answers"), printed());
  }

  @Test
  void should_never_report_all_met_when_the_soak_was_skipped() throws Exception {
    JsonObject r = result();
    r.putNull("soak");

    assertEquals(BenchReport.NOT_ALL_MEASURED, report(r), printed());
    assertTrue(printed().contains("NOT MEASURED") && !printed().contains("ALL TARGETS MET"), printed());
    assertEquals(2, summary().getJsonArray("notMeasured").size());
  }

  @Test
  void should_report_not_comparable_when_the_soak_was_short_or_the_half_rate_fixed() throws Exception {
    JsonObject r = result();
    r.getJsonObject("soak").put("seconds", 60);
    r.getJsonObject("halfLoad").put("fixed", true);

    assertEquals(BenchReport.NOT_ALL_MEASURED, report(r), printed());
    String notMeasured = summary().getJsonArray("notMeasured").encode();
    assertTrue(notMeasured.contains("RSS growth over the soak: not comparable")
        && notMeasured.contains("p99 added by LinkGate (ms): not comparable"), notMeasured);
  }

  @Test
  void should_miss_the_added_latency_when_requests_at_half_load_never_finished() throws Exception {
    JsonObject r = result();
    r.getJsonObject("halfLoad").getJsonObject("throughLinkgate").put("errors", 3).put("unfinished", 3);

    assertEquals(BenchReport.MISSED, report(r), printed());
    assertTrue(summary().getJsonArray("missed").encode().contains("p99 added by LinkGate (ms): not valid"), printed());
  }

  @Test
  void should_judge_the_client_late_by_its_timer_not_by_waiting_for_a_busy_connection() throws Exception {
    JsonObject r = result();
    r.getJsonObject("halfLoad").put("throughLinkgate", rate(1_200, 900_000).put("connWaitP99us", 800_000));

    assertEquals(BenchReport.MISSED, report(r), printed());
    assertEquals(898.0, summary().getDouble("addedP99Ms"), 0.001);
    assertEquals(new JsonArray().add("p99 added by LinkGate (ms)"), summary().getJsonArray("missed"));
  }

  @Test
  void should_exit_3_not_1_when_a_measurement_is_missing() throws Exception {
    String broken = result().encode().replaceFirst("\"sandboxDirect\":\\{[^}]*\\}", "\"sandboxDirect\":");

    assertEquals(BenchReport.FAILED, report(broken), printed());
    JsonObject r = result();
    r.getJsonObject("halfLoad").remove("throughLinkgate");
    assertEquals(BenchReport.FAILED, report(r), printed());
  }

  @Test
  void should_show_what_nginx_adds_at_the_same_rate_for_reference_without_judging_it() throws Exception {
    JsonObject r = result();
    assertEquals(BenchReport.ALL_MET, report(r), printed());
    assertFalse(printed().contains("through nginx"), "older results have no nginx run at half load: " + printed());

    // nginx adds 2.5 ms at p99, LinkGate 1 ms: the target is LinkGate's, and is still met
    r.getJsonObject("halfLoad").put("throughNginx", rate(1_000, 4_500));
    printed.reset();
    assertEquals(BenchReport.ALL_MET, report(r), "nginx's figure is context, not a verdict: " + printed());
    assertTrue(printed().contains("through nginx    p50    1.00 ms  p99    4.50 ms"), printed());
    assertTrue(printed().contains("p99 added by nginx on the same CPU +2.50 ms, by LinkGate +1.00 ms; LinkGate beyond nginx -1.50 ms"),
        printed());
    assertEquals(2.5, summary().getDouble("nginxAddedP99Ms"));
    assertEquals(1.0, summary().getDouble("addedP99Ms"));
    assertFalse(printed().contains("counted from when the client's timer woke"), "older results have no such figure: " + printed());
  }

  @Test
  void should_show_the_added_latency_without_the_clients_own_lateness_for_reference_without_judging_it() throws Exception {
    JsonObject r = result();
    JsonObject half = r.getJsonObject("halfLoad");
    half.getJsonObject("sandboxDirect").put("fromTimerP99us", 1_000);
    // through LinkGate 5 ms at p99 counted from the due time (over the target), 2.5 ms from the client's timer
    half.put("throughLinkgate", rate(1_200, 5_000).put("fromTimerP99us", 2_500));
    half.put("throughNginx", rate(1_000, 2_000).put("fromTimerP99us", 1_500));

    assertEquals(BenchReport.MISSED, report(r), "judged from the due time, as before: " + printed());
    assertTrue(printed().contains("counted from when the client's timer woke instead of the due time, p99 direct 1.00 ms,"
        + " through LinkGate 2.50 ms (+1.50 ms), through nginx 1.50 ms (+0.50 ms)"), printed());
    assertEquals(1.5, summary().getDouble("addedFromTimerP99Ms"));
    assertEquals(3.0, summary().getDouble("addedP99Ms"));
  }

  @Test
  void should_show_the_disks_own_sync_time_and_say_when_its_long_syncs_alone_exceed_the_latency_target() throws Exception {
    JsonObject r = result();
    assertEquals(BenchReport.ALL_MET, report(r), printed());
    assertFalse(printed().contains("fdatasync alone"), "older results have no disk probe: " + printed());

    // three syncs in 40 ms, one of 2.5 ms: 0.5 ms beyond 2 ms, 1.25 % of the time
    r.getJsonObject("halfLoad").put("diskSync", DiskSync.summary(new long[] {300_000, 400_000, 2_500_000}, 2048, 40_000_000L));
    printed.reset();
    assertEquals(BenchReport.ALL_MET, report(r), "the disk is context, not a verdict: " + printed());
    assertTrue(printed().contains("fdatasync alone (2048 B commits, 3 syncs, machine idle): p50 0.40 ms, p90 2.50 ms, p99 2.50 ms"), printed());
    assertTrue(printed().contains("time in syncs beyond 2 ms: 1.250 %"), printed());
    assertTrue(printed().contains("over 1 %: on this disk a durable answer's p99 cannot stay within 2 ms"), printed());
    assertEquals(2.5, summary().getDouble("diskSyncP99Ms"));
    assertEquals(1.25, summary().getDouble("diskStallOver2msPercent"));

    // the same syncs over a second: 0.05 % of the time, no remark
    r.getJsonObject("halfLoad").put("diskSync", DiskSync.summary(new long[] {300_000, 400_000, 2_500_000}, 2048, 1_000_000_000L));
    printed.reset();
    report(r);
    assertTrue(printed().contains("time in syncs beyond 2 ms: 0.050 %"), printed());
    assertFalse(printed().contains("cannot stay within"), printed());
  }

  @Test
  void should_measure_syncs_of_a_preallocated_file_and_leave_nothing_behind() throws Exception {
    JsonObject m = DiskSync.measure(dir, 200_000_000L, 512);
    assertTrue(m.getLong("syncs") > 0, m.encode());
    assertTrue(m.getLong("p50us") <= m.getLong("p99us") && m.getLong("p99us") <= m.getLong("maxus"), m.encode());
    try (var left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("disk-sync-")), "the probe file is deleted");
    }
  }
}
