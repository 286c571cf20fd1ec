package io.linkgate.registry;

import io.linkgate.citizen.CitizenId;
import io.linkgate.privacy.CitizenIdProtector;
import io.linkgate.usage.Outcome;
import io.linkgate.usage.Uuid7;
import io.linkgate.usage.UsageRecord;
import io.linkgate.usage.UsagePartitions;
import io.linkgate.usage.UsageRecorder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The demo's last month: so that a newcomer finds a monthly report with content (and, once the scheduler has run,
 * its DRAFT to walk through the sign-off), the demo agency gets a month of lookups before the current one. The
 * records go through the real usage recorder, so they are journaled, hash-chained and shipped like any other;
 * {@code usage verify} accepts them. The month trips some anomaly rules (not outside-hours: the demo agency works
 * around the clock): one welfare case looked up again and again, an officer who often leaves out the request
 * reference and is often refused, and a blocked PIN. Deterministic (fixed seed); written once: a data directory
 * that already has usage before this month is left as it is.
 */
public final class DemoHistory {

  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  /** The welfare case the officers keep checking: the citizen-lookups rule flags it. */
  static final String FREQUENT_CITIZEN = "3101700001098";

  private DemoHistory() {
  }

  /**
   * Seeds last month when the demo agency has no usage before this month, and completes once every record is
   * in PostgreSQL (the shipper runs on its own schedule), so a report built afterwards sees all of them.
   * Completes with the number of records written (0: there was history already).
   */
  public static Future<Integer> seed(Vertx vertx, Pool pool, UsageRecorder usage, UsagePartitions partitions,
                                     CitizenIdProtector protector, Clock clock) {
    YearMonth month = YearMonth.now(clock.withZone(BANGKOK)).minusMonths(1);
    Instant monthStart = month.atDay(1).atStartOfDay(BANGKOK).toInstant();
    Instant thisMonth = month.plusMonths(1).atDay(1).atStartOfDay(BANGKOK).toInstant();
    return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM usage_log WHERE agency_code = $1 AND at < $2)")
        .execute(Tuple.of(DemoData.AGENCY, utc(thisMonth)))
        .compose(rows -> {
          if (rows.iterator().next().getBoolean(0)) {
            return Future.succeededFuture(0);
          }
          List<UsageRecord> records = records(month);
          // the agency existed during that month, or the report scheduler would not draft it; the row update is
          // also the claim: of several instances starting on one database, only the one that moved it seeds
          return pool.preparedQuery("UPDATE agency SET created_at = $2 WHERE code = $1 AND created_at > $2")
              .execute(Tuple.of(DemoData.AGENCY, utc(monthStart)))
              .compose(claimed -> claimed.rowCount() == 0 ? Future.succeededFuture(0) : pool
                  .preparedQuery("UPDATE agency SET created_at = $2 WHERE code = $1 AND created_at > $2")
                  .execute(Tuple.of(DemoData.CENTRAL_AGENCY, utc(monthStart)))
                  .compose(v -> loginFailures(pool, protector, month))
                  .compose(v -> partitions.create(month)) // maintenance only creates this month's and later ones
                  .compose(v -> Future.all(records.stream().map(usage::record).toList()))
                  .compose(v -> shipped(vertx, pool, thisMonth, records.size(), System.nanoTime() + Duration.ofSeconds(30).toNanos()))
                  .map(records.size()));
        });
  }

  /** Two officers' working month: a few lookups each working day, a welfare case re-checked, some refusals. */
  static List<UsageRecord> records(YearMonth month) {
    Random random = new Random(2569);
    DemoData.Officer officer = DemoData.OFFICERS.get(0);
    DemoData.Officer officer2 = DemoData.OFFICERS.get(1);
    List<UsageRecord> out = new ArrayList<>();
    int caseNumber = 100;
    for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
      boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      if (weekend) {
        continue;
      }
      for (DemoData.Officer o : List.of(officer, officer2)) {
        int lookups = 1 + random.nextInt(3);
        for (int i = 0; i < lookups; i++) {
          Instant at = day.atTime(LocalTime.of(9, 0).plusMinutes(random.nextInt(7 * 60))).atZone(BANGKOK).toInstant();
          boolean house = random.nextInt(4) == 0;
          String citizen = random.nextInt(3) == 0 ? FREQUENT_CITIZEN : someone(random);
          // officer2 often leaves out the case number
          String ref = o == officer2 && random.nextInt(3) == 0 ? null : "CASE-" + (day.getYear() + 543) + "/" + (caseNumber++);
          boolean hit = citizen.equals(FREQUENT_CITIZEN) && random.nextBoolean();
          out.add(served(o, at, house, citizen, ref, hit, random));
        }
      }
      // officer2 tries the commercial registry's juristic data for welfare cases, three days a week: refused
      if (day.getDayOfWeek() == DayOfWeek.MONDAY || day.getDayOfWeek() == DayOfWeek.TUESDAY || day.getDayOfWeek() == DayOfWeek.THURSDAY) {
        Instant at = day.atTime(14, 5 + random.nextInt(40)).atZone(BANGKOK).toInstant();
        out.add(record(officer2, at, "NC-WELFARE", "gdx.juristic", null, "CASE-" + (day.getYear() + 543) + "/" + (caseNumber++),
            Outcome.REFUSED, 403, "dataset-not-granted", 900, null, null, random));
      }
    }
    out.sort(java.util.Comparator.comparing(UsageRecord::at));
    return out;
  }

  private static UsageRecord served(DemoData.Officer o, Instant at, boolean house, String citizen, String ref, boolean hit, Random random) {
    return record(o, at, house ? "NC-CIVILREG" : (random.nextBoolean() ? "NC-CIVILREG" : "NC-WELFARE"),
        house ? "linkage.house" : "linkage.person", house ? "linkage/027/01" : "linkage/001/01", ref, Outcome.SERVED, 200, null,
        hit ? 300 + random.nextInt(400) : 25_000 + random.nextInt(60_000), hit ? "HIT" : "MISS", citizen, random);
  }

  private static UsageRecord record(DemoData.Officer o, Instant at, String service, String dataset, String upstream, String ref,
                                    Outcome outcome, int status, String problem, long micros, String cache, String citizen, Random random) {
    UUID session = UUID.nameUUIDFromBytes(("demo-history-session:" + o.profile() + ":" + at.atZone(BANGKOK).toLocalDate())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new UsageRecord(Uuid7.at(at.toEpochMilli()), at, DemoData.AGENCY, DemoData.OFFICE_CODE, DemoData.officerId(o), session,
        DemoData.deviceFor(o), service, dataset, upstream, ref, outcome, status, problem, micros, cache, citizen,
        "demo-history-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
  }

  /** A valid citizen ID of the sandbox's synthetic population (every valid ID is someone there). */
  private static String someone(Random random) {
    return CitizenId.withCheckDigit("3" + String.format("%011d", 10_000_000_000L + (long) (random.nextDouble() * 89_999_999_999L)));
  }

  /** officer2's wrong PINs one morning, ending in a blocked PIN (unlocked by the admin the same day). */
  private static Future<Void> loginFailures(Pool pool, CitizenIdProtector protector, YearMonth month) {
    DemoData.Officer officer2 = DemoData.OFFICERS.get(1);
    LocalDate day = month.atDay(12);
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      boolean blocked = i == 2;
      rows.add(Tuple.of(UUID.nameUUIDFromBytes(("demo-history-login:" + month + ":" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          OffsetDateTime.of(day.atTime(8, 41 + i), ZoneOffset.ofHours(7)), DemoData.AGENCY, DemoData.officerId(officer2),
          Buffer.buffer(protector.searchHash(officer2.citizenId())), DemoData.deviceFor(officer2),
          blocked ? "pin-blocked" : "wrong-pin", (short) (2 - i)));
    }
    return pool.preparedQuery("""
            INSERT INTO login_failure (id, at, agency_code, officer_id, citizen_id_hash, device_id, reason, tries_remaining)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING""")
        .executeBatch(rows).mapEmpty();
  }

  private static Future<Void> shipped(Vertx vertx, Pool pool, Instant before, int expected, long deadline) {
    return pool.preparedQuery("SELECT count(*) FROM usage_log WHERE agency_code = $1 AND at < $2")
        .execute(Tuple.of(DemoData.AGENCY, utc(before)))
        .compose(rows -> {
          long n = rows.iterator().next().getLong(0);
          if (n >= expected) {
            return Future.succeededFuture();
          }
          if (System.nanoTime() > deadline) {
            return Future.failedFuture(new IllegalStateException("the demo history was not shipped within 30 s (" + n + " of " + expected + ")"));
          }
          Promise<Void> later = Promise.promise();
          vertx.setTimer(200, id -> shipped(vertx, pool, before, expected, deadline).onComplete(later));
          return later.future();
        });
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
