package io.linkgate.report;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The anomaly rules of the monthly report, each a query over the month's roll-up, usage log, sessions or
 * logins, with configurable thresholds: lookups outside working hours; an officer's volume far above their own recent
 * months (only once they have served lookups in each of the three months before) or their peers'; one citizen looked up by many officers or many times; lookups without a request
 * reference; repeated refusals; sessions on several devices at once; blocked PINs. Each finding lists the
 * usage records behind it (up to the evidence limit; the figures count them all). Citizens appear only as
 * the first characters of their keyed hash.
 */
public final class AnomalyRules {

  /** Citizens listed by the citizen rules at most, the most looked up first; the others are counted, not listed. */
  public static final int CITIZENS_LISTED = 200;

  /** What the rules found: the findings listed, and per rule how many more there were beyond its bound. */
  public record Findings(List<MonthlyReport.Anomaly> listed, List<MonthlyReport.Unlisted> unlisted) {
  }

  private final ReportConfig.Thresholds t;
  private final int evidence;

  public AnomalyRules(ReportConfig config) {
    this.t = config.thresholds();
    this.evidence = config.evidenceLimit();
  }

  /** Every rule over the agency's month, on {@code conn} (the report's snapshot). */
  public Future<Findings> find(SqlConnection conn, String agency, ReportPeriod period) {
    Tuple raw = Tuple.of(agency, ReportBuilder.utc(period.start()), ReportBuilder.utc(period.end()));
    List<Future<Findings>> rules = List.of(
        all(outsideHours(conn, raw)), all(volume(conn, agency, period)), citizens(conn, raw), all(missingReferences(conn, agency, period)),
        all(refusals(conn, agency, period)), all(concurrentDevices(conn, raw)), all(blockedPins(conn, raw)));
    return Future.all(rules).map(done -> {
      List<MonthlyReport.Anomaly> listed = new ArrayList<>();
      List<MonthlyReport.Unlisted> unlisted = new ArrayList<>();
      rules.forEach(r -> {
        listed.addAll(r.result().listed());
        unlisted.addAll(r.result().unlisted());
      });
      return new Findings(List.copyOf(listed), List.copyOf(unlisted));
    });
  }

  /** The findings of a rule that lists them all. */
  private static Future<Findings> all(Future<List<MonthlyReport.Anomaly>> rule) {
    return rule.map(listed -> new Findings(listed, List.of()));
  }

  /**
   * Working days are a bit mask (bit 0 = Monday); hours are [work_start, work_end) in Bangkok time. A work_end of
   * 23:59:59.999999 is the end of the day (workEnd "24:00", {@link io.linkgate.registry.Agency#END_OF_DAY}): a lookup
   * in that last microsecond, admitted by the rate limiter, is inside the hours too.
   */
  private static final String OUTSIDE_HOURS = """
      (u.problem = 'outside-working-hours'
        OR ((a.work_days >> (extract(isodow FROM u.at AT TIME ZONE 'Asia/Bangkok')::int - 1)) & 1) = 0
        OR (u.at AT TIME ZONE 'Asia/Bangkok')::time < a.work_start
        OR ((u.at AT TIME ZONE 'Asia/Bangkok')::time >= a.work_end AND a.work_end <> '23:59:59.999999'))""";

  private Future<List<MonthlyReport.Anomaly>> outsideHours(SqlConnection conn, Tuple raw) {
    // one index-only scan of the agency's month (usage_log_agency_at_cover): the matching records are
    // counted per officer and the first few of each flagged officer kept as evidence, in the same pass
    return conn.preparedQuery("""
            WITH hit AS MATERIALIZED (
              SELECT u.officer_id, u.id, u.at FROM usage_log u JOIN agency a ON a.code = u.agency_code
              WHERE u.agency_code = $1 AND u.at >= $2 AND u.at < $3 AND u.officer_id IS NOT NULL AND""" + OUTSIDE_HOURS + """
),
            per AS (SELECT officer_id, count(*) AS n FROM hit GROUP BY officer_id HAVING count(*) >= $5),
            ev AS (
              SELECT officer_id, array_agg(id ORDER BY at, id) AS ids FROM (
                SELECT h.officer_id, h.id, h.at, row_number() OVER (PARTITION BY h.officer_id ORDER BY h.at, h.id) AS rn
                FROM hit h JOIN per USING (officer_id)) x
              WHERE rn <= $4 GROUP BY officer_id)
            SELECT per.officer_id, o.name_th, per.n, ev.ids, o.name_en
            FROM per JOIN ev USING (officer_id) LEFT JOIN officer o ON o.id = per.officer_id ORDER BY 3 DESC, 1""")
        .execute(with(raw, evidence, t.outsideHoursMinimum()))
        .map(rows -> perOfficer(rows, "outside-hours", "ใช้งานนอกวันและเวลาทำการ", "Lookups outside working days and hours", "requests"));
  }

  /**
   * The first {@code evidence} usage ids of an officer's month matching {@code condition}, through the
   * officer index: only ever run for the officers a rule flagged. Columns $1 agency, $3 start, $4 end, $5 limit.
   */
  private static String evidenceOf(String officerColumn, String condition) {
    return "(SELECT array_agg(id ORDER BY at, id) FROM (SELECT id, at FROM usage_log WHERE officer_id = " + officerColumn
        + " AND at >= $3 AND at < $4 AND agency_code = $1 AND " + condition + " ORDER BY at, id LIMIT $5) e)";
  }

  /** Per-officer sums of the roll-up: $1 agency, $2 month, $3 start, $4 end, $5 evidence limit, then the rule's own. */
  private Tuple perOfficerArgs(String agency, ReportPeriod period, Object... more) {
    return with(Tuple.of(agency, period.month().toString(), ReportBuilder.utc(period.start()), ReportBuilder.utc(period.end()), evidence),
        more);
  }

  /**
   * An officer's served lookups far above their own average of the three months before, or above the agency's median
   * officer. The own average needs served lookups in each of those months: an officer new to LinkGate (or to the
   * agency, or back from leave) has no history yet to be compared with, only their peers.
   */
  private Future<List<MonthlyReport.Anomaly>> volume(SqlConnection conn, String agency, ReportPeriod period) {
    List<String> before = List.of(period.month().minusMonths(1).toString(), period.month().minusMonths(2).toString(),
        period.month().minusMonths(3).toString());
    return conn.preparedQuery("""
            WITH served AS (
              SELECT officer_id, month, sum(requests) FILTER (WHERE outcome = 'SERVED') AS n FROM usage_monthly
              WHERE agency_code = $1 AND (month = $2 OR month = ANY($9)) AND officer_id <> '00000000-0000-0000-0000-000000000000'
              GROUP BY officer_id, month),
            cur AS (SELECT officer_id, n FROM served WHERE month = $2 AND n > 0),
            prev AS (SELECT officer_id, avg(n) AS avg3 FROM served WHERE month <> $2 AND n > 0 GROUP BY officer_id
                     HAVING count(*) = cardinality($9)),
            peers AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median, count(*) AS officers FROM cur)
            SELECT cur.officer_id, o.name_th, cur.n, prev.avg3, peers.median,
                   """ + evidenceOf("cur.officer_id", "outcome = 'SERVED'") + """
                   , o.name_en
            FROM cur CROSS JOIN peers LEFT JOIN prev USING (officer_id) LEFT JOIN officer o ON o.id = cur.officer_id
            WHERE cur.n >= $6 AND (cur.n >= $7 * prev.avg3
                                   OR (peers.officers >= 3 AND cur.n >= $8 * peers.median))
            ORDER BY cur.n DESC""")
        .execute(perOfficerArgs(agency, period, t.volumeMinimum(), t.volumeFactorOwn(), t.volumeFactorPeers(),
            before.toArray(String[]::new)))
        .map(rows -> {
          List<MonthlyReport.Anomaly> out = new ArrayList<>();
          for (Row r : rows) {
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("lookups", r.getLong(2));
            if (r.getValue(3) != null) {
              figures.put("ownMonthlyAverage", Math.round(r.getDouble(3) * 10) / 10.0);
            }
            figures.put("peerMedian", Math.round(r.getDouble(4) * 10) / 10.0);
            out.add(new MonthlyReport.Anomaly("volume-spike", "ปริมาณการเรียกดูสูงผิดปกติ", "Unusually high lookup volume",
                name(r.getString(1)), nameEn(r, 6), figures, ids(r, 5)));
          }
          return out;
        });
  }

  /**
   * Citizens first counted per (citizen, officer) with hashing, then the busiest {@link #CITIZENS_LISTED} flagged ones
   * get their evidence by the citizen index; every flagged citizen is counted per rule, and those not listed are
   * counted as unlisted.
   */
  private Future<Findings> citizens(SqlConnection conn, Tuple raw) {
    return conn.preparedQuery("""
            WITH per AS (
              SELECT target_hash, officer_id, count(*) AS n FROM usage_log
              WHERE agency_code = $1 AND at >= $2 AND at < $3 AND target_hash IS NOT NULL AND outcome = 'SERVED'
              GROUP BY target_hash, officer_id),
            every AS MATERIALIZED (
              SELECT target_hash, count(*) AS officers, sum(n)::bigint AS lookups FROM per GROUP BY target_hash
              HAVING count(*) >= $5 OR sum(n) >= $6),
            counted AS (
              SELECT count(*) FILTER (WHERE officers >= $5) AS by_officers, count(*) FILTER (WHERE lookups >= $6) AS by_lookups FROM every),
            flagged AS (SELECT * FROM every ORDER BY lookups DESC, target_hash LIMIT $7)
            SELECT f.target_hash, f.officers, f.lookups,
                   (SELECT array_agg(id ORDER BY at, id) FROM (SELECT id, at FROM usage_log WHERE target_hash = f.target_hash
                      AND agency_code = $1 AND at >= $2 AND at < $3 AND outcome = 'SERVED' ORDER BY at, id LIMIT $4) e),
                   c.by_officers, c.by_lookups
            FROM flagged f CROSS JOIN counted c ORDER BY 3 DESC, 1""")
        .execute(with(raw, evidence, t.citizenOfficers(), t.citizenLookups(), CITIZENS_LISTED))
        .map(rows -> {
          List<MonthlyReport.Anomaly> out = new ArrayList<>();
          long byOfficers = 0;
          long byLookups = 0;
          for (Row r : rows) {
            byOfficers = r.getLong(4);
            byLookups = r.getLong(5);
            String who = "#" + HexFormat.of().formatHex(r.getBuffer(0).getBytes()).substring(0, 10);
            long officers = r.getLong(1);
            long lookups = r.getLong(2);
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("officers", officers);
            figures.put("lookups", lookups);
            if (officers >= t.citizenOfficers()) {
              out.add(new MonthlyReport.Anomaly("citizen-many-officers", "ข้อมูลของบุคคลเดียวถูกเรียกดูโดยเจ้าหน้าที่หลายคน",
                  "One citizen looked up by many officers", who, figures, ids(r, 3)));
            }
            if (lookups >= t.citizenLookups()) {
              out.add(new MonthlyReport.Anomaly("citizen-many-lookups", "ข้อมูลของบุคคลเดียวถูกเรียกดูหลายครั้ง",
                  "One citizen looked up many times", who, figures, ids(r, 3)));
            }
          }
          List<MonthlyReport.Unlisted> unlisted = new ArrayList<>();
          unlisted(unlisted, "citizen-many-officers", byOfficers, out);
          unlisted(unlisted, "citizen-many-lookups", byLookups, out);
          return new Findings(out, unlisted);
        });
  }

  /** Adds to {@code unlisted} how many of {@code rule}'s {@code all} findings are not in {@code listed}. */
  private static void unlisted(List<MonthlyReport.Unlisted> unlisted, String rule, long all, List<MonthlyReport.Anomaly> listed) {
    long more = all - listed.stream().filter(a -> a.rule().equals(rule)).count();
    if (more > 0) {
      unlisted.add(new MonthlyReport.Unlisted(rule, more));
    }
  }

  private Future<List<MonthlyReport.Anomaly>> missingReferences(SqlConnection conn, String agency, ReportPeriod period) {
    return conn.preparedQuery("""
            WITH per AS (
              SELECT officer_id, sum(without_ref)::bigint AS missing, sum(requests)::bigint AS served FROM usage_monthly
              WHERE agency_code = $1 AND month = $2 AND outcome = 'SERVED' AND officer_id <> '00000000-0000-0000-0000-000000000000'
              GROUP BY officer_id HAVING sum(without_ref) >= $6 AND sum(without_ref) >= $7 * sum(requests))
            SELECT per.officer_id, o.name_th, per.missing, per.served,
                   """ + evidenceOf("per.officer_id", "outcome = 'SERVED' AND request_ref IS NULL") + """
                   , o.name_en
            FROM per LEFT JOIN officer o ON o.id = per.officer_id ORDER BY 3 DESC""")
        .execute(perOfficerArgs(agency, period, t.missingRefMinimum(), t.missingRefShare()))
        .map(rows -> {
          List<MonthlyReport.Anomaly> out = new ArrayList<>();
          for (Row r : rows) {
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("withoutReference", r.getLong(2));
            figures.put("lookups", r.getLong(3));
            out.add(new MonthlyReport.Anomaly("missing-request-ref", "การเรียกดูโดยไม่ระบุเลขที่อ้างอิงคำขอ",
                "Lookups without a request reference", name(r.getString(1)), nameEn(r, 5), figures, ids(r, 4)));
          }
          return out;
        });
  }

  private Future<List<MonthlyReport.Anomaly>> refusals(SqlConnection conn, String agency, ReportPeriod period) {
    return conn.preparedQuery("""
            WITH per AS (
              SELECT officer_id, sum(requests)::bigint AS refused FROM usage_monthly
              WHERE agency_code = $1 AND month = $2 AND outcome = 'REFUSED' AND officer_id <> '00000000-0000-0000-0000-000000000000'
              GROUP BY officer_id HAVING sum(requests) >= $6)
            SELECT per.officer_id, o.name_th, per.refused, """ + evidenceOf("per.officer_id", "outcome = 'REFUSED'") + """
                   , o.name_en
            FROM per LEFT JOIN officer o ON o.id = per.officer_id ORDER BY 3 DESC""")
        .execute(perOfficerArgs(agency, period, t.refusalsMinimum()))
        .map(rows -> perOfficer(rows, "repeated-refusals", "ถูกปฏิเสธการเรียกดูซ้ำหลายครั้ง", "Repeated refusals", "refused"));
  }

  private Future<List<MonthlyReport.Anomaly>> concurrentDevices(SqlConnection conn, Tuple scope) {
    return conn.preparedQuery("""
            WITH overlap AS (
              SELECT s1.officer_id, s1.id AS a, s2.id AS b, s1.device_id AS da, s2.device_id AS db
              FROM card_session s1 JOIN card_session s2
                ON s1.officer_id = s2.officer_id AND s1.device_id < s2.device_id
               AND s1.created_at < coalesce(s2.ended_at, s2.last_seen_at)
               AND s2.created_at < coalesce(s1.ended_at, s1.last_seen_at)
              WHERE s1.agency_code = $1 AND s1.created_at >= $2 AND s1.created_at < $3)
            SELECT ov.officer_id, max(o.name_th), count(*),
                   (SELECT count(DISTINCT d) FROM (SELECT da AS d FROM overlap x WHERE x.officer_id = ov.officer_id
                                                   UNION SELECT db FROM overlap x WHERE x.officer_id = ov.officer_id) ds),
                   (SELECT array_agg(id ORDER BY at, id) FROM (SELECT id, at FROM usage_log
                      WHERE officer_id = ov.officer_id AND at >= $2 AND at < $3 AND agency_code = $1
                        AND session_id IN (SELECT a FROM overlap x WHERE x.officer_id = ov.officer_id
                                           UNION SELECT b FROM overlap x WHERE x.officer_id = ov.officer_id)
                      ORDER BY at, id LIMIT $4) e),
                   max(o.name_en)
            FROM overlap ov LEFT JOIN officer o ON o.id = ov.officer_id
            GROUP BY ov.officer_id ORDER BY 3 DESC""")
        .execute(with(scope, evidence))
        .map(rows -> {
          List<MonthlyReport.Anomaly> out = new ArrayList<>();
          for (Row r : rows) {
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("overlappingSessionPairs", r.getLong(2));
            figures.put("devices", r.getLong(3));
            out.add(new MonthlyReport.Anomaly("concurrent-devices", "เปิดใช้งานจากหลายเครื่องพร้อมกัน",
                "Sessions on several devices at once", name(r.getString(1)), nameEn(r, 5), figures, ids(r, 4)));
          }
          return out;
        });
  }

  private Future<List<MonthlyReport.Anomaly>> blockedPins(SqlConnection conn, Tuple scope) {
    return conn.preparedQuery("""
            SELECT f.officer_id, max(o.name_th), count(*), max(o.name_en) FROM login_failure f LEFT JOIN officer o ON o.id = f.officer_id
            WHERE f.agency_code = $1 AND f.at >= $2 AND f.at < $3 AND f.reason = 'pin-blocked' AND f.officer_id IS NOT NULL
            GROUP BY f.officer_id HAVING count(*) >= $4 ORDER BY 3 DESC""")
        .execute(with(scope, t.blockedPinsMinimum()))
        .map(rows -> {
          List<MonthlyReport.Anomaly> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new MonthlyReport.Anomaly("blocked-pin", "รหัส PIN ของบัตรถูกระงับ", "Card PIN blocked", name(r.getString(1)),
                nameEn(r, 3), Map.of("blockedPins", r.getLong(2)), List.of()));
          }
          return out;
        });
  }

  /** Rows of officer id, Thai name, the figure, the evidence, English name. */
  private List<MonthlyReport.Anomaly> perOfficer(Iterable<Row> rows, String rule, String th, String en, String figure) {
    List<MonthlyReport.Anomaly> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new MonthlyReport.Anomaly(rule, th, en, name(r.getString(1)), nameEn(r, 4), Map.of(figure, r.getLong(2)), ids(r, 3)));
    }
    return out;
  }

  private static List<UUID> ids(Row r, int column) {
    UUID[] ids = r.getArrayOfUUIDs(column);
    return ids == null ? List.of() : List.of(ids);
  }

  private static Tuple with(Tuple base, Object... more) {
    Tuple t = Tuple.tuple();
    for (int i = 0; i < base.size(); i++) {
      t.addValue(base.getValue(i));
    }
    for (Object o : more) {
      t.addValue(o);
    }
    return t;
  }

  private static String name(String s) {
    return s == null ? "(unknown officer)" : s;
  }

  /** The officer's English name in {@code column}, for the English console; null when they have none. */
  private static String nameEn(Row r, int column) {
    String s = r.getString(column);
    return s == null || s.isBlank() ? null : s;
  }

}
