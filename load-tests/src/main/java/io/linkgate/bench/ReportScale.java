package io.linkgate.bench;

import io.linkgate.config.GatewayConfig;
import io.linkgate.db.Database;
import io.linkgate.db.DatabaseConfig;
import io.linkgate.report.AnomalyRules;
import io.linkgate.report.MonthlyReport;
import io.linkgate.report.NationalSummary;
import io.linkgate.report.ReportBuilder;
import io.linkgate.report.ReportConfig;
import io.linkgate.report.ReportPeriod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monthly report at national scale: generates a month of usage records (10 million by default) across
 * 500 agencies in PostgreSQL, with the gateway's own schema, then times one agency's report (the typical
 * agency and the busiest) and the national summary, with the gateway's own report code.
 *
 * <p>Agencies are skewed as real ones are: agency n gets a share proportional to n^(-1/3), so the busiest
 * carries about 1.6% of the month and the median one about 0.17%. Targets: an agency's report under 1 s,
 * the national summary under 10 s.
 */
public final class ReportScale {

  static final YearMonth MONTH = YearMonth.of(2026, 10);
  static final int AGENCIES = 500;
  static final int OFFICERS_PER_AGENCY = 20;
  static final int SERVICES = 20;

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Bench.options(args);
    long records = Long.parseLong(opts.getOrDefault("records", "10000000"));
    int runs = Integer.parseInt(opts.getOrDefault("runs", "5"));
    Path dir = Path.of(opts.getOrDefault("data", "load-tests/target/report-scale"));
    boolean regenerate = opts.containsKey("regenerate");
    boolean passed;
    Files.createDirectories(dir);

    DatabaseConfig dbConfig = new DatabaseConfig(Optional.empty(), 8, Duration.ofSeconds(30), 0);
    try (Database db = Database.open(dbConfig, dir)) {
      db.migrate();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.connectOptions().getUser(), db.connectOptions().getPassword())) {
        long existing = count(c, "SELECT count(*) FROM usage_log WHERE instance_id = 'bench'");
        if (regenerate || existing > records || existing == 0) {
          generate(c, records);
        } else if (existing < records) {
          System.out.printf("resuming: %,d of %,d records already generated in %s%n", existing, records, dir);
          generateUsage(c, existing + 1, records);
        } else {
          System.out.printf("reusing the %,d generated records in %s (--regenerate to start over)%n", existing, dir);
        }
        System.out.printf("usage_log: %s on disk%n", text(c, "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c "
            + "JOIN pg_inherits i ON i.inhrelid = c.oid WHERE i.inhparent = 'usage_log'::regclass"));
      }
      passed = measure(db, runs);
    }
    // exit only once the embedded database has been stopped
    if (!passed) {
      System.exit(1);
    }
  }

  // -- data ---------------------------------------------------------------------------------------------

  static void generate(Connection c, long records) throws Exception {
    long started = System.nanoTime();
    try (Statement s = c.createStatement()) {
      s.execute("TRUNCATE usage_log, card_session, login_failure, officer_service, monthly_report, report_signoff CASCADE");
      s.execute("DELETE FROM officer WHERE agency_code LIKE 'AG%'");
      s.execute("DELETE FROM device WHERE agency_code LIKE 'AG%'");
      s.execute("DELETE FROM agency_service WHERE agency_code LIKE 'AG%'");
      s.execute("DELETE FROM agency WHERE code LIKE 'AG%'");
      s.execute("DELETE FROM service WHERE code LIKE 'SV-%'");
      String start = MONTH.atDay(1) + " 00:00+07";
      for (YearMonth m = MONTH.minusMonths(3); !m.isAfter(MONTH.plusMonths(1)); m = m.plusMonths(1)) {
        s.execute("CREATE TABLE IF NOT EXISTS usage_log_" + m.getYear() + "_" + String.format("%02d", m.getMonthValue())
            + " PARTITION OF usage_log FOR VALUES FROM ('" + m.atDay(1) + " 00:00+07') TO ('" + m.plusMonths(1).atDay(1) + " 00:00+07')");
      }
      s.execute("INSERT INTO agency (code, office_code, name_th, name_en, monthly_quota, work_days, work_start, work_end, created_at) "
          + "SELECT 'AG' || lpad(i::text, 3, '0'), lpad((10000 + i)::text, 5, '0'), 'สำนักงานทดสอบที่ ' || i, 'Benchmark office ' || i, "
          + "1000000, 31, '08:30', '16:30', '2026-01-01' FROM generate_series(1, " + AGENCIES + ") i");
      s.execute("INSERT INTO service (code, name_th, name_en) SELECT 'SV-' || lpad(i::text, 2, '0'), 'งานบริการที่ ' || i, 'Service ' || i "
          + "FROM generate_series(1, " + SERVICES + ") i");
      s.execute("INSERT INTO agency_service (agency_code, service_code, datasets) SELECT 'AG' || lpad(i::text, 3, '0'), "
          + "'SV-' || lpad(((i + k * 5) % " + SERVICES + " + 1)::text, 2, '0'), '{linkage.person,linkage.house}' "
          + "FROM generate_series(1, " + AGENCIES + ") i, generate_series(0, 3) k");
      s.execute("INSERT INTO officer (id, agency_code, citizen_id_hash, citizen_id_enc, citizen_id_key, name_th, name_en, rank, roles) "
          + "SELECT md5('bench-officer:' || i || ':' || n)::uuid, 'AG' || lpad(i::text, 3, '0'), decode(md5('bench-cid:' || i || ':' || n), 'hex'), "
          + "'\\x00', 'bench', 'เจ้าหน้าที่ ' || i || '-' || n, 'Officer ' || i || '-' || n, 'K1', '{USER}' "
          + "FROM generate_series(1, " + AGENCIES + ") i, generate_series(0, " + (OFFICERS_PER_AGENCY - 1) + ") n");
      s.execute("INSERT INTO device (id, agency_code, public_key) SELECT 'ag' || lpad(i::text, 3, '0') || '-ws' || d, "
          + "'AG' || lpad(i::text, 3, '0'), '\\x00' FROM generate_series(1, " + AGENCIES + ") i, generate_series(1, 4) d");
      // one session per officer and working day, a few of them overlapping a second workstation
      s.execute("INSERT INTO card_session (id, token_hash, officer_id, agency_code, device_id, chip_id, created_at, last_seen_at, expires_at, "
          + "ended_at, end_reason) SELECT gen_random_uuid(), decode(md5(random()::text || i || n || d), 'hex'), "
          + "md5('bench-officer:' || i || ':' || n)::uuid, 'AG' || lpad(i::text, 3, '0'), "
          + "'ag' || lpad(i::text, 3, '0') || '-ws' || (1 + (n + d) % 4), 'CHIP', t, t + interval '7 hours', t + interval '10 hours', "
          + "t + interval '7 hours', 'LOGOUT' FROM generate_series(1, " + AGENCIES + ") i, generate_series(0, " + (OFFICERS_PER_AGENCY - 1)
          + ") n, generate_series(0, 29) d, LATERAL (SELECT timestamptz '" + start + "' + d * interval '1 day' + interval '8 hours' "
          + "+ (random() * 60) * interval '1 minute' AS t) x WHERE extract(isodow FROM t) < 6 OR random() < 0.01");
      s.execute("INSERT INTO login_failure (id, at, agency_code, officer_id, reason, tries_remaining) SELECT gen_random_uuid(), "
          + "timestamptz '" + start + "' + random() * interval '30 days', 'AG' || lpad((1 + (random() * " + (AGENCIES - 1) + ")::int)::text, 3, '0'), "
          + "NULL, CASE WHEN random() < 0.9 THEN 'wrong-pin' ELSE 'pin-blocked' END, NULL FROM generate_series(1, 20000)");
    }
    System.out.printf("registry: %d agencies, %d officers, %d sessions%n", AGENCIES, AGENCIES * OFFICERS_PER_AGENCY,
        count(c, "SELECT count(*) FROM card_session"));
    generateUsage(c, 1, records);
    System.out.printf("generated %,d usage records in %.0f s%n", records, (System.nanoTime() - started) / 1e9);
  }

  /** Records numbered {@code first..last} (the number is the chain sequence), so an interrupted run resumes at the next one. */
  static void generateUsage(Connection c, long first, long last) throws Exception {
    long batch = 1_000_000;
    for (long from = first; from <= last; from += batch) {
      long to = Math.min(last, from + batch - 1);
      long t0 = System.nanoTime();
      try (Statement s = c.createStatement()) {
        s.execute(usageInsert(from, to));
      }
      System.out.printf("  usage records %,d..%,d in %.1f s%n", from, to, (System.nanoTime() - t0) / 1e9);
    }
    try (Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE usage_log");
      s.execute("ANALYZE card_session");
      s.execute("ANALYZE login_failure");
      s.execute("ANALYZE officer");
    }
  }

  /**
   * Usage rows {@code from..to}: skewed agencies, 20 officers each, 3 million distinct citizens, working-hours
   * traffic on working days with a little outside (most weekend lookups move to the Friday before), 93% served, 97% with a request reference, 30% from the cache.
   */
  static String usageInsert(long from, long to) {
    String start = MONTH.atDay(1) + " 00:00+07";
    int days = MONTH.lengthOfMonth();
    return """
        INSERT INTO usage_log (id, at, instance_id, seq, agency_code, office_code, officer_id, service_code, dataset, request_ref,
                               outcome, status, problem, latency_us, cache, target_hash, prev_hash, hash)
        SELECT gen_random_uuid(), at, 'bench', g, 'AG' || lpad(a::text, 3, '0'), lpad((10000 + a)::text, 5, '0'),
               md5('bench-officer:' || a || ':' || floor(r2 * %d)::int)::uuid,
               'SV-' || lpad(((a + floor(r3 * 4)::int * 5) %% %d + 1)::text, 2, '0'),
               CASE WHEN r4 < 0.8 THEN 'linkage.person' ELSE 'linkage.house' END,
               CASE WHEN r5 < 0.97 THEN 'REF-' || g END,
               CASE WHEN r6 < 0.93 THEN 'SERVED' WHEN r6 < 0.97 THEN 'REFUSED' WHEN r6 < 0.99 THEN 'UPSTREAM_ERROR' ELSE 'ERROR' END,
               CASE WHEN r6 < 0.93 THEN 200 WHEN r6 < 0.97 THEN 403 WHEN r6 < 0.99 THEN 503 ELSE 500 END,
               CASE WHEN r6 < 0.93 THEN NULL WHEN r6 < 0.95 THEN 'dataset-not-granted' WHEN r6 < 0.97 THEN 'rate-limited'
                    WHEN r6 < 0.99 THEN 'upstream-unavailable' ELSE 'internal' END,
               (2000 + r7 * 80000)::bigint, CASE WHEN r7 < 0.3 THEN 'HIT' ELSE 'MISS' END,
               decode(md5('citizen:' || floor(r8 * 3000000)::int), 'hex'), '\\x00', '\\x00'
        FROM (
          SELECT g, 1 + floor(%d * power(random(), 1.5))::int AS a, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                 random() AS r6, random() AS r7, random() AS r8,
                 timestamptz '%s' + (d - CASE WHEN extract(isodow FROM date '%s' + d) > 5 AND random() < 0.95
                                              THEN extract(isodow FROM date '%s' + d)::int - 5 ELSE 0 END) * interval '1 day'
                   + CASE WHEN random() < 0.97 THEN interval '8 hours 30 minutes' + random() * interval '8 hours'
                          ELSE random() * interval '24 hours' END AS at
          FROM generate_series(%d, %d) g, LATERAL (SELECT floor(random() * %d + 0 * g)::int AS d) day) x
        """.formatted(OFFICERS_PER_AGENCY, SERVICES, AGENCIES, start, MONTH.atDay(1), MONTH.atDay(1), from, to, days);
  }

  // -- measurement -------------------------------------------------------------------------------------------

  static boolean measure(Database db, int runs) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = db.pool(vertx);
      ReportConfig config = GatewayConfig.load(null, Map.of(), Map.of()).report();
      ReportBuilder builder = new ReportBuilder(pool, new AnomalyRules(config), Clock.systemUTC());
      ReportPeriod period = new ReportPeriod(MONTH);
      List<String[]> sizes = new ArrayList<>();
      pool.query("SELECT agency_code, count(*) FROM usage_log WHERE instance_id = 'bench' GROUP BY 1 ORDER BY 2 DESC").execute().await()
          .forEach(r -> sizes.add(new String[] {r.getString(0), Long.toString(r.getLong(1))}));
      String[] busiest = sizes.get(0);
      String[] median = sizes.get(sizes.size() / 2);
      String[] quiet = sizes.get(sizes.size() - 1);
      System.out.printf("%nagencies with records: %d; busiest %s (%,d records), median %s (%,d), quietest %s (%,d)%n", sizes.size(),
          busiest[0], Long.parseLong(busiest[1]), median[0], Long.parseLong(median[1]), quiet[0], Long.parseLong(quiet[1]));

      System.out.printf("%n%-34s %8s %8s %8s %8s  %s%n", "", "first", "median", "max", "target", "");
      boolean ok = true;
      for (String[] agency : List.of(median, busiest, quiet)) {
        double[] times = new double[runs];
        MonthlyReport last = null;
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          last = builder.build(agency[0], period, 0).await().orElseThrow();
          times[i] = (System.nanoTime() - t0) / 1e6;
        }
        ok &= line("agency report " + agency[0] + " (" + String.format("%,d", Long.parseLong(agency[1])) + " rec)", times, 1000);
        System.out.printf("%34s   %,d lookups, %d officers, %d anomalies%n", "", last.totals().requests(), last.officers().size(),
            last.anomalyCount());
      }
      NationalSummary national = new NationalSummary(pool);
      double[] times = new double[Math.max(1, runs / 2)];
      JsonObject summary = null;
      for (int i = 0; i < times.length; i++) {
        long t0 = System.nanoTime();
        summary = national.compute(period).await();
        times[i] = (System.nanoTime() - t0) / 1e6;
      }
      ok &= line("national summary (" + String.format("%,d", summary.getLong("requests")) + " rec)", times, 10_000);
      System.out.printf("%n%s%n", ok ? "PASS: every timing within its target" : "FAIL: a timing missed its target");
      pool.close().await();
      return ok;
    } finally {
      vertx.close().await();
    }
  }

  static boolean line(String label, double[] millis, double targetMillis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double med = sorted[sorted.length / 2];
    double max = sorted[sorted.length - 1];
    boolean ok = max < targetMillis;
    System.out.printf("%-34s %6.0fms %6.0fms %6.0fms %6.0fms  %s%n", label, millis[0], med, max, targetMillis, ok ? "ok" : "MISSED");
    return ok;
  }

  static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  static String text(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
