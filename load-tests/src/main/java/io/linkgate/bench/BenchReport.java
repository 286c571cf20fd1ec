package io.linkgate.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the raw result JSON of {@code load-tests/bench/run}, prints the side-by-side table, the ratios and the
 * targets, and adds a {@code summary} (ratios, added latency, soak growth, verdicts) to the same file.
 * {@code Bench bench-report FILE}; exit status 0 when every target was measured as specified and met, 1 when one
 * is missed or its measurement is not valid, 3 when the file lacks a measurement (a failed measurement, not a
 * missed target), 4 when none is missed but one was not measured or measured with shortened settings.
 *
 * <p>Targets: cache hit >= 0.5 x plain Vert.x; cache off >= 1.0 x nginx proxying the same upstream; p99 added
 * <= 2 ms at half of LinkGate's saturating rate; RSS flat within 10 % over the soak, i.e. no sample after the
 * warm-up (the first quarter) above the first sample after it by more than 10 %. A saturating run with more than
 * 0.1 % of its answers not 2xx or failed, or none at all, is not valid, and so is any ratio it is a term of.
 */
public final class BenchReport {

  static final int ALL_MET = 0;
  static final int MISSED = 1;
  static final int FAILED = 3;
  static final int NOT_ALL_MEASURED = 4;

  static final double HIT_RATIO_TARGET = 0.5;
  static final double PROXY_RATIO_TARGET = 1.0;
  static final double ADDED_P99_TARGET_MS = 2.0;
  /**
   * How late the constant-rate client's own timer may wake (p99; the 1 ms timer alone makes ~1.5 ms) for a valid
   * half-load run. Waiting for a free connection is the server's queueing and does not count here.
   */
  static final long CLIENT_LATE_LIMIT_US = 5_000;
  static final double SOAK_NON_2XX_LIMIT = 0.05;
  static final double RSS_GROWTH_TARGET = 0.10;
  /** The share of a saturating run's answers that may be non-2xx or failed (socket errors, timeouts). */
  static final double SATURATING_ERROR_LIMIT = 0.001;
  /** The script's defaults: targets measured with less are reported as not comparable, never as met. */
  static final int SPECIFIED_WRK_SECONDS = 15;
  static final int SPECIFIED_RATE_SECONDS = 20;
  static final int SPECIFIED_SOAK_SECONDS = 600;
  static final int SPECIFIED_SOAK_CITIZENS = 1_000_000;

  private final PrintStream out;
  private final List<String> missed = new ArrayList<>();
  private final List<String> notMeasured = new ArrayList<>();
  private final JsonObject summary = new JsonObject();

  private BenchReport(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(report(Path.of(args[0]), System.out));
  }

  /** Prints the report of the result file, adds its summary to it, and returns the exit status. */
  static int report(Path file, PrintStream out) {
    JsonObject r;
    try {
      r = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | DecodeException e) {
      out.printf("bench-report: %s is not a complete result (a measurement failed): %s%n", file, e.getMessage());
      return FAILED;
    }
    BenchReport report = new BenchReport(out);
    try {
      report.evaluate(r);
    } catch (RuntimeException e) {
      out.printf("%nbench-report: %s lacks a measurement (a measurement failed): %s%n", file, e);
      return FAILED;
    }
    report.summary.put("missed", new JsonArray(report.missed)).put("notMeasured", new JsonArray(report.notMeasured));
    r.put("summary", report.summary);
    try {
      Files.writeString(file, r.encodePrettily(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      out.printf("bench-report: cannot write %s: %s%n", file, e.getMessage());
      return FAILED;
    }
    if (!report.missed.isEmpty()) {
      out.printf("%nTARGETS MISSED: %s%n", file);
      return MISSED;
    }
    if (!report.notMeasured.isEmpty()) {
      out.printf("%nNO TARGET MISSED, BUT NOT ALL MEASURED AS SPECIFIED (%d): %s%n", report.notMeasured.size(), file);
      return NOT_ALL_MEASURED;
    }
    out.printf("%nALL TARGETS MET: %s%n", file);
    return ALL_MET;
  }

  private void evaluate(JsonObject r) {
    JsonObject wrkSettings = r.getJsonObject("wrk");
    out.printf("%nLinkGate side by side (%s, %d-byte answers, wrk %d thread(s) x %d connections, %d s per run, pinned %s)%n",
        r.getString("timestamp"), r.getInteger("answerBytes"), wrkSettings.getInteger("threads"),
        wrkSettings.getInteger("connections"), wrkSettings.getInteger("seconds"), r.getJsonObject("host").getValue("pinned"));
    out.printf("%-44s %12s %10s %10s %10s %8s %8s %8s%n", "", "requests/s", "p50 ms", "p99 ms", "errors", "steal %",
        "server %", "client %");
    JsonObject plain = r.getJsonObject("plainVertx");
    JsonObject hit = r.getJsonObject("linkgateCacheHit");
    JsonObject nginx = r.getJsonObject("nginxToSandbox");
    JsonObject nocache = r.getJsonObject("linkgateCacheOffToSandbox");
    row("plain Vert.x (ceiling)", plain);
    row("LinkGate, cache hit", hit);
    row("nginx -> sandbox", nginx);
    row("LinkGate, cache off -> sandbox", nocache);

    double hitRatio = plain.getDouble("rps") > 0 ? hit.getDouble("rps") / plain.getDouble("rps") : Double.NaN;
    double proxyRatio = nginx.getDouble("rps") > 0 ? nocache.getDouble("rps") / nginx.getDouble("rps") : Double.NaN;
    summary.put("cacheHitVsPlainVertx", Double.isFinite(hitRatio) ? round(hitRatio) : null)
        .put("cacheOffVsNginx", Double.isFinite(proxyRatio) ? round(proxyRatio) : null);
    out.println();
    int seconds = wrkSettings.getInteger("seconds");
    String shortRuns = seconds < SPECIFIED_WRK_SECONDS
        ? String.format("%d s runs (specified %d s)", seconds, SPECIFIED_WRK_SECONDS) : null;
    ratio("cache hit / plain Vert.x", hitRatio, HIT_RATIO_TARGET, shortRuns, "plain Vert.x", plain, "LinkGate", hit);
    ratio("cache off / nginx (same upstream)", proxyRatio, PROXY_RATIO_TARGET, shortRuns, "nginx", nginx, "LinkGate",
        nocache);

    halfLoad(r.getJsonObject("halfLoad"));
    soak(r.getValue("soak"));
  }

  /** A throughput ratio's verdict: not valid when either run failed too often or answered nothing. */
  private void ratio(String what, double value, double target, String notComparable, String baselineName,
      JsonObject baseline, String contestantName, JsonObject contestant) {
    String invalid = invalid(baseline);
    String reason = invalid != null ? baselineName + ": " + invalid : null;
    invalid = invalid(contestant);
    if (reason == null && invalid != null) {
      reason = contestantName + ": " + invalid;
    }
    if (reason == null && !Double.isFinite(value)) {
      reason = "no ratio";
    }
    if (reason != null) {
      notValid(what, value, reason);
    } else {
      verdict(what, value, ">=", target, notComparable);
    }
  }

  /** Why a saturating wrk run is not valid, or null: no answers, or too many not 2xx or failed. */
  static String invalid(JsonObject w) {
    long requests = w.getLong("requests");
    if (requests <= 0 || !(w.getDouble("rps") > 0)) {
      return "no answers";
    }
    double share = failed(w) / (double) requests;
    return share > SATURATING_ERROR_LIMIT
        ? String.format("%.2f %% of the answers not 2xx or failed (limit %.1f %%)", 100 * share, 100 * SATURATING_ERROR_LIMIT)
        : null;
  }

  /** A wrk run's answers that were not 2xx, or no answer (socket errors, timeouts). */
  static long failed(JsonObject w) {
    return w.getLong("non2xx") + w.getLong("socketErrors") + w.getLong("timeouts");
  }

  private void halfLoad(JsonObject half) {
    JsonObject direct = half.getJsonObject("sandboxDirect");
    JsonObject through = half.getJsonObject("throughLinkgate");
    double addedP50 = addedMs(through, direct, "p50us");
    double addedP99 = addedMs(through, direct, "p99us");
    boolean fixed = half.getBoolean("fixed", false);
    out.printf("%nat %d requests/s (%s), constant rate, %d s:%n", half.getInteger("rate"),
        fixed ? "fixed with --half-rate" : "half of LinkGate's cache-off saturation", half.getInteger("seconds"));
    rateRow("sandbox direct", direct);
    rateRow("through LinkGate", through);
    JsonObject throughNginx = half.getJsonObject("throughNginx");
    if (throughNginx != null) {
      rateRow("through nginx", throughNginx);
    }
    JsonObject inside = through.getJsonObject("insideLinkgate");
    if (inside != null) {
      out.println("  inside LinkGate (its own histograms over the run and its warm-up), share at or under:");
      inside("lookup", inside.getJsonObject("lookup"));
      inside("upstream call", inside.getJsonObject("upstreamCall"));
      inside("journal fsync wait", inside.getJsonObject("journalDurable"));
    }
    JsonObject disk = half.getJsonObject("diskSync");
    if (disk != null) {
      // the floor under every durable answer: its record waits for at least one fdatasync of the journal's disk
      double diskP99 = disk.getLong("p99us") / 1000.0;
      out.printf("  this disk's fdatasync alone (%d B commits, %d syncs, machine idle): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
              + " max %.1f ms%n", disk.getInteger("bytesPerSync"), disk.getLong("syncs"), disk.getLong("p50us") / 1000.0,
          disk.getLong("p90us") / 1000.0, diskP99, disk.getLong("maxus") / 1000.0);
      Double stall = disk.getDouble("stallOver2msPercent");
      if (stall != null) {
        // an answer waits for the rest of the sync in progress: the time share of long syncs, not their count, is
        // the share of answers the disk alone delays
        out.printf("  time in syncs beyond %.0f ms: %.3f %% (the share of answers the disk alone would delay by more)%n",
            ADDED_P99_TARGET_MS, stall);
        if (stall > 1.0) {
          out.printf("  (over 1 %%: on this disk a durable answer's p99 cannot stay within %.0f ms)%n", ADDED_P99_TARGET_MS);
        }
        summary.put("diskStallOver2msPercent", stall);
      }
      summary.put("diskSyncP99Ms", round(diskP99));
    }
    if (throughNginx != null) {
      // the same crossings between the CPUs with a proxy that keeps no usage log: what this topology costs any proxy
      double nginxAddedP99 = addedMs(throughNginx, direct, "p99us");
      out.printf("  for reference, not judged: p99 added by nginx on the same CPU %+.2f ms, by LinkGate %+.2f ms;"
          + " LinkGate beyond nginx %+.2f ms%n", nginxAddedP99, addedP99, addedP99 - nginxAddedP99);
      summary.put("nginxAddedP99Ms", round(nginxAddedP99));
    }
    if (direct.containsKey("fromTimerP99us") && through.containsKey("fromTimerP99us")) {
      // the client shares its CPU with the sandbox and the stand-in database: its timer's lateness, counted in the
      // latency above, taken out (the wait for a free connection, the server's queueing, stays)
      double fromTimerAdded = addedMs(through, direct, "fromTimerP99us");
      String nginxFromTimer = throughNginx == null || !throughNginx.containsKey("fromTimerP99us") ? ""
          : String.format(", through nginx %.2f ms (%+.2f ms)", throughNginx.getLong("fromTimerP99us") / 1000.0,
              addedMs(throughNginx, direct, "fromTimerP99us"));
      out.printf("  for reference, not judged: counted from when the client's timer woke instead of the due time, p99 direct"
              + " %.2f ms, through LinkGate %.2f ms (%+.2f ms)%s%n", direct.getLong("fromTimerP99us") / 1000.0,
          through.getLong("fromTimerP99us") / 1000.0, fromTimerAdded, nginxFromTimer);
      summary.put("addedFromTimerP99Ms", round(fromTimerAdded));
    }
    summary.put("addedP50Ms", round(addedP50)).put("addedP99Ms", round(addedP99));
    // a client whose timer woke late was charged for its own delay in one run and not the other: the difference is
    // then not what LinkGate adds, whichever way it goes (a late sandbox-direct run once made it -74 ms, "MET"); a
    // wait for a free connection is the server's queueing and stays in its latency
    long lateUs = Math.max(direct.getLong("timerLagP99us"), through.getLong("timerLagP99us"));
    summary.put("clientSentLateP99Ms", round(lateUs / 1000.0));
    long errors = through.getLong("errors") + direct.getLong("errors");
    String what = "p99 added by LinkGate (ms)";
    if (lateUs > CLIENT_LATE_LIMIT_US) {
      notValid(what, addedP99, String.format("the client's timer woke late by %.1f ms at p99", lateUs / 1000.0));
    } else if (errors > 0) {
      notValid(what, addedP99, errors + " requests failed, timed out or never finished");
    } else {
      int seconds = half.getInteger("seconds");
      String notComparable = fixed ? "the rate fixed with --half-rate, not half of this run's saturation"
          : seconds < SPECIFIED_RATE_SECONDS ? String.format("%d s runs (specified %d s)", seconds, SPECIFIED_RATE_SECONDS)
          : null;
      verdict(what, addedP99, "<=", ADDED_P99_TARGET_MS, notComparable);
    }
  }

  /** What {@code over} adds to {@code base} in the microsecond figure {@code key}, in milliseconds. */
  private static double addedMs(JsonObject over, JsonObject base, String key) {
    return (over.getLong(key) - base.getLong(key)) / 1000.0;
  }

  private void soak(Object value) {
    String rss = "RSS growth over the soak";
    String refusedWhat = "soak answers not 2xx (2 % not found)";
    if (!(value instanceof JsonObject soak)) {
      out.println();
      notMeasured(rss, "no soak (--soak-seconds 0)");
      notMeasured(refusedWhat, "no soak (--soak-seconds 0)");
      return;
    }
    JsonArray samples = soak.getJsonArray("samples");
    JsonObject wrk = soak.getJsonObject("wrk");
    if (wrk == null || samples.size() < 2) {
      throw new IllegalStateException("the soak has no wrk result or fewer than 2 samples");
    }
    int from = samples.size() / 4;
    long base = samples.getJsonObject(from).getLong("rssBytes");
    long maxRss = 0;
    long maxHeap = 0;
    for (int i = from; i < samples.size(); i++) {
      maxRss = Math.max(maxRss, samples.getJsonObject(i).getLong("rssBytes"));
      maxHeap = Math.max(maxHeap, samples.getJsonObject(i).getLong("heapBytes"));
    }
    JsonObject last = samples.getJsonObject(samples.size() - 1);
    double growth = (maxRss - base) / (double) base;
    int seconds = soak.getInteger("seconds");
    int citizens = soak.getInteger("distinctCitizens");
    out.printf("%nsoak: %d s, %d distinct citizens cycled, %.0f requests/s (%d requests, %d non-2xx, %d socket errors)%n",
        seconds, citizens, wrk.getDouble("rps"), wrk.getLong("requests"), wrk.getLong("non2xx"), wrk.getLong("socketErrors"));
    out.printf("  RSS  after warm-up (t=%d s) %d MB, max after %d MB, at the end %d MB%n",
        samples.getJsonObject(from).getInteger("t"), base >> 20, maxRss >> 20, last.getLong("rssBytes") >> 20);
    out.printf("  heap after warm-up %d MB, max after %d MB, at the end %d MB%n",
        samples.getJsonObject(from).getLong("heapBytes") >> 20, maxHeap >> 20, last.getLong("heapBytes") >> 20);
    summary.put("soakRssGrowth", round(growth)).put("soakRssBaseMb", base >> 20).put("soakRssMaxMb", maxRss >> 20)
        .put("soakHeapMaxMb", maxHeap >> 20).put("soakRequests", wrk.getLong("requests"));
    String notComparable = seconds < SPECIFIED_SOAK_SECONDS
        ? String.format("a %d s soak (specified %d s)", seconds, SPECIFIED_SOAK_SECONDS)
        : citizens < SPECIFIED_SOAK_CITIZENS
        ? String.format("%d distinct citizens (specified %d)", citizens, SPECIFIED_SOAK_CITIZENS) : null;
    verdict(rss, growth, "<=", RSS_GROWTH_TARGET, notComparable);
    // the sandbox does not find 2 % of citizens; more non-2xx answers mean lookups were refused (a limit, the
    // breaker) and the soak did not exercise the cache, the upstream and the journal as it claims
    long requests = wrk.getLong("requests");
    double refused = requests > 0 ? failed(wrk) / (double) requests : 1.0;
    summary.put("soakNon2xxShare", round(refused));
    verdict(refusedWhat, refused, "<=", SOAK_NON_2XX_LIMIT, notComparable);
  }

  private void row(String name, JsonObject w) {
    out.printf("%-44s %12.0f %10.2f %10.2f %10d %8s %8s %8s%n", name, w.getDouble("rps"), w.getLong("p50us") / 1000.0,
        w.getLong("p99us") / 1000.0, failed(w), steal(w),
        percent(w, "serverCpuBusyPercent"), percent(w, "clientCpuBusyPercent"));
  }

  /** The share of the machine's CPU time the hypervisor gave to other guests during a run ("-" when not measured). */
  private static String steal(JsonObject w) {
    return percent(w, "stealPercent");
  }

  /** A percentage member of a run's JSON, "-" when not measured. */
  private static String percent(JsonObject w, String key) {
    Object value = w.getValue(key);
    return value instanceof Number n ? String.format("%.1f", n.doubleValue()) : "-";
  }

  /**
   * One constant-rate run: its latencies, how late the client's own timer woke for its requests (its p99; a late
   * client is charged to the server, so a large figure here means the client's CPU, not the server, held them), how
   * long due requests waited for a free connection (the server's queueing) and how busy the server's and the
   * client's CPU were.
   */
  private void rateRow(String name, JsonObject w) {
    out.printf("  %-16s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  errors %d  steal %s %%%n", name,
        w.getLong("p50us") / 1000.0, w.getLong("p99us") / 1000.0, w.getLong("maxUs") / 1000.0, w.getLong("errors"),
        steal(w));
    if (w.containsKey("timerLagP99us")) {
      out.printf("  %-16s client late p99 %.2f ms, max %.2f ms; waited for a connection p99 %.2f ms, max %.2f ms;"
          + " CPU busy: server %s %%, client %s %%%n", "", w.getLong("timerLagP99us") / 1000.0,
          w.getLong("timerLagMaxUs") / 1000.0, w.getLong("connWaitP99us", 0L) / 1000.0,
          w.getLong("connWaitMaxUs", 0L) / 1000.0, percent(w, "serverCpuBusyPercent"), percent(w, "clientCpuBusyPercent"));
    }
  }

  /** One histogram's shares at or under its bounds, in increasing order of the bound, up to 25 ms. */
  private void inside(String name, JsonObject histogram) {
    if (histogram == null || histogram.getLong("count", 0L) == 0) {
      return;
    }
    JsonObject shares = histogram.getJsonObject("shareAtOrUnderMs");
    StringBuilder line = new StringBuilder(String.format("    %-20s", name));
    shares.fieldNames().stream().filter(ms -> Double.parseDouble(ms) <= 25)
        .sorted(Comparator.comparingDouble(Double::parseDouble))
        .forEach(ms -> line.append(String.format("  %s ms %5.1f %%", ms, 100 * shares.getDouble(ms))));
    out.println(line.append(String.format("  (%,d)", histogram.getLong("count"))));
  }

  /**
   * A target's verdict: MET or MISS, or "N/C" (not comparable) when it was measured with shortened settings
   * ({@code notComparable} says how): never met then, and listed as not measured as specified.
   */
  private void verdict(String what, double value, String op, double target, String notComparable) {
    boolean ok = op.equals(">=") ? value >= target : value <= target;
    if (notComparable != null) {
      out.printf("  %-4s %-40s %8.3f (target %s %.2f; %s at these settings) NOT COMPARABLE: %s%n", "N/C", what, value, op,
          target, ok ? "met" : "missed", notComparable);
      notMeasured.add(what + ": not comparable, " + notComparable);
      return;
    }
    out.printf("  %-4s %-40s %8.3f (target %s %.2f)%n", ok ? "MET" : "MISS", what, value, op, target);
    if (!ok) {
      missed.add(what);
    }
  }

  /** A target whose measurement is not valid: missed, whatever its value. */
  private void notValid(String what, double value, String why) {
    out.printf("  %-4s %-40s %8.3f NOT VALID: %s%n", "MISS", what, value, why);
    missed.add(what + ": not valid, " + why);
  }

  private void notMeasured(String what, String why) {
    out.printf("  %-4s %-40s %8s NOT MEASURED: %s%n", "-", what, "-", why);
    notMeasured.add(what + ": not measured, " + why);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
