package io.linkgate.usage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monthly partitions of {@code usage_log}, month boundaries at midnight in Asia/Bangkok: the current month
 * and {@code ahead} more are created at start-up and daily; partitions older than the retention period are
 * dropped whole, with the monthly roll-up, the refused logins ({@code login_failure}) and the card sessions of
 * those months. Where a dropped partition ends each instance's chain is kept, sealed, in {@code usage_chain_retained}
 * (in the drop's transaction), so that {@code usage verify} follows the chains on from there.
 */
public final class UsagePartitions {

  private static final Logger LOG = LoggerFactory.getLogger(UsagePartitions.class);
  public static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final Pattern NAME = Pattern.compile("usage_log_(\\d{4})_(\\d{2})");
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");
  /** The advisory lock (transaction-scoped) under which every instance creates and drops partitions. */
  private static final long MAINTENANCE_LOCK = 0x4c47_5061_7274L; // "LGPart"
  /**
   * A record that reached PostgreSQL this long after its month ended was stamped by a clock that was behind (lookups
   * take seconds, and a journal waiting for its database holds a few days of records at most).
   */
  static final java.time.Duration LATE = java.time.Duration.ofDays(31);

  private final Pool pool;
  private final Clock clock;
  private final int ahead;
  private final int retentionMonths;
  private final Chain chain;
  /** Card sessions deleted per statement past retention (a month of logins is many rows). */
  private final int sessionDeleteBatch;

  public UsagePartitions(Pool pool, Clock clock, int ahead, int retentionMonths, Chain chain) {
    this(pool, clock, ahead, retentionMonths, chain, 10_000);
  }

  UsagePartitions(Pool pool, Clock clock, int ahead, int retentionMonths, Chain chain, int sessionDeleteBatch) {
    this.pool = pool;
    this.clock = clock;
    this.ahead = ahead;
    this.retentionMonths = retentionMonths;
    this.chain = chain;
    this.sessionDeleteBatch = sessionDeleteBatch;
  }

  public static String name(YearMonth month) {
    return "usage_log_" + month.format(SUFFIX);
  }

  /** Creates this month's and the next {@code ahead} partitions, then drops expired ones. */
  public Future<Void> maintain() {
    YearMonth now = YearMonth.now(clock.withZone(BANGKOK));
    Future<Void> created = Future.succeededFuture();
    for (int i = 0; i <= ahead; i++) {
      YearMonth m = now.plusMonths(i);
      created = created.compose(v -> create(m));
    }
    return created.compose(v -> retentionMonths == 0 ? Future.succeededFuture() : dropBefore(now.minusMonths(retentionMonths)));
  }

  /** The partition for the month holding {@code at} (Bangkok), created if missing. Blocking: the shipper's thread. */
  void ensure(Instant at) {
    try {
      create(YearMonth.from(at.atZone(BANGKOK))).await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The partition for {@code month} (Bangkok), created if missing. */
  public Future<Void> create(YearMonth month) {
    String from = month.atDay(1).atStartOfDay(BANGKOK).toOffsetDateTime().toString();
    String to = month.plusMonths(1).atDay(1).atStartOfDay(BANGKOK).toOffsetDateTime().toString();
    return pool.withTransaction(conn -> serialized(conn)
            .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS " + name(month) + " PARTITION OF usage_log FOR VALUES FROM ('"
                + from + "') TO ('" + to + "')").execute()))
        .<Void>mapEmpty()
        .recover(e -> e instanceof io.vertx.pgclient.PgException pg && "42P07".equals(pg.getSqlState())
            ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** Card sessions whose lifetime ended before the cut-off, a batch at a time. */
  private Future<Void> deleteSessionsBefore(Tuple cutoff) {
    return pool.preparedQuery("DELETE FROM card_session WHERE id IN (SELECT id FROM card_session WHERE created_at < $1 "
            + "AND expires_at < $1 LIMIT " + sessionDeleteBatch + ")").execute(cutoff)
        .compose(r -> r.rowCount() < sessionDeleteBatch ? Future.succeededFuture() : deleteSessionsBefore(cutoff));
  }

  /**
   * Drops a partition, marking first (in the same transaction) where it ends each instance's chain: the highest seq it
   * holds of the instance and that record's hash, sealed; a mark only ever moves forward. A record whose hash is not its
   * own (inserted or changed in the database, without the key) makes no mark: the mark stays where it was, and
   * {@code usage verify} reports the records dropped after it as deleted. Sealed, a record written with a seq far ahead
   * would have covered every deletion below it.
   *
   * <p>A partition is kept, not dropped, while it holds records that reached PostgreSQL ({@code shipped_at}, the
   * database's clock) more than {@link #LATE} after their month ended and less than the retention period ago: a gateway
   * whose clock was set back stamps its records with a month long past, and those records, written days ago, would go
   * within six hours. Kept, they are dropped with their month once they too are older than the retention period.
   * Completes with whether the partition was dropped.
   */
  private Future<Boolean> drop(String table, YearMonth month, Tuple cutoff) {
    java.time.OffsetDateTime lateFrom = month.plusMonths(1).atDay(1).atStartOfDay(BANGKOK).plus(LATE).toOffsetDateTime();
    java.time.OffsetDateTime since = cutoff.getOffsetDateTime(0).isAfter(lateFrom) ? cutoff.getOffsetDateTime(0) : lateFrom;
    return pool.withTransaction(conn -> serialized(conn)
        .compose(v -> conn.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(table)))
        .compose(exists -> !exists.iterator().next().getBoolean(0) ? Future.succeededFuture(false) // another instance dropped it
            : conn.preparedQuery("SELECT count(*) FROM " + table + " WHERE shipped_at >= $1").execute(Tuple.of(since))
                .compose(late -> {
                  long records = late.iterator().next().getLong(0);
                  if (records > 0) {
                    LOG.atWarn().addKeyValue("partition", table).addKeyValue("records", records)
                        .log("a usage partition past retention is kept: it holds records that reached the database long after their month "
                            + "(a gateway's clock was behind); it is dropped once they are past retention too");
                    return Future.succeededFuture(false);
                  }
                  return dropLocked(conn, table).map(true);
                })));
  }

  /**
   * Takes, for the rest of the transaction, the lock every instance's partition maintenance takes: instances started
   * together (a compose scale-up, a rolling restart) each create and drop the same months. Unserialized, two drops of
   * one partition deadlocked (each read it, then wanted it alone) or failed on the table the other had just dropped, and
   * two creates of one month could collide in PostgreSQL's catalogue: the instance that lost failed to start.
   */
  private static Future<Void> serialized(SqlConnection conn) {
    return conn.query("SELECT pg_advisory_xact_lock(" + MAINTENANCE_LOCK + ")").execute().mapEmpty();
  }

  /**
   * Each instance's last record in {@code table}: the instances found one index probe at a time (a loose scan of
   * {@code (instance_id, seq)}), then each one's highest seq, also by the index. A DISTINCT ON over the month sorted all
   * of its rows (3 s and 330 MB of temporary files for 3 million rows) under the maintenance lock.
   */
  private static String lastRecords(String table) {
    return "WITH RECURSIVE i AS ((SELECT instance_id FROM " + table + " ORDER BY instance_id LIMIT 1) UNION ALL "
        + "SELECT (SELECT p.instance_id FROM " + table + " p WHERE p.instance_id > i.instance_id ORDER BY p.instance_id LIMIT 1) "
        + "FROM i WHERE i.instance_id IS NOT NULL) "
        + "SELECT e.* FROM i CROSS JOIN LATERAL (SELECT * FROM " + table + " p WHERE p.instance_id = i.instance_id "
        + "ORDER BY p.seq DESC LIMIT 1) e";
  }

  private Future<Void> dropLocked(SqlConnection conn, String table) {
    return conn.query(lastRecords(table)).execute()
        .compose(ends -> {
          List<Tuple> marks = new ArrayList<>();
          for (Row end : ends) {
            String instance = end.getString("instance_id");
            long seq = end.getLong("seq");
            byte[] hash = end.getBuffer("hash").getBytes();
            if (!MessageDigest.isEqual(chain.hash(ChainVerifier.sealed(end), instance, seq, end.getBuffer("prev_hash").getBytes()), hash)) {
              LOG.atWarn().addKeyValue("partition", table).addKeyValue("instance", instance).addKeyValue("seq", seq)
                  .log("the last usage record of a partition past retention is not a gateway's: its chain is not marked as dropped");
              continue;
            }
            marks.add(Tuple.of(instance, seq, Buffer.buffer(hash), Buffer.buffer(chain.retentionSeal(instance, seq, hash))));
          }
          return marks.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("""
                  INSERT INTO usage_chain_retained AS r (instance_id, seq, hash, seal) VALUES ($1, $2, $3, $4)
                  ON CONFLICT (instance_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, seal = excluded.seal
                  WHERE r.seq < excluded.seq""").executeBatch(marks);
        })
        .compose(v -> conn.query("DROP TABLE " + table).execute())
        .<Void>mapEmpty();
  }

  Future<Void> dropBefore(YearMonth oldestKept) {
    var cutoff = Tuple.of(oldestKept.atDay(1).atStartOfDay(BANGKOK).toOffsetDateTime());
    return pool.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'usage_log'").execute()
        .compose(rows -> {
          Future<Void> drops = Future.succeededFuture();
          List<String> kept = new ArrayList<>(); // months past retention whose partition stays (see drop)
          // oldest first: each instance's retention mark moves on month by month
          for (String table : rows.stream().map(r -> r.getString(0)).sorted().toList()) {
            Matcher m = NAME.matcher(table);
            if (m.matches()) {
              YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
              if (month.isBefore(oldestKept)) {
                drops = drops.compose(v -> drop(table, month, cutoff).map(dropped -> {
                  if (dropped) {
                    LOG.atInfo().addKeyValue("partition", table).log("dropped usage partition past retention");
                  } else {
                    kept.add(month.toString());
                  }
                  return null;
                }));
              }
            }
          }
          // the monthly roll-up (see V6) goes with the records it sums, the refused logins with the months the
          // report reads them for, and the card sessions with the records that name them (once their lifetime is over)
          return drops.compose(v -> pool.preparedQuery("DELETE FROM usage_monthly WHERE month < $1 AND month <> ALL($2)")
                  .execute(Tuple.tuple().addString(oldestKept.toString()).addArrayOfString(kept.toArray(new String[0]))))
              .compose(r -> pool.preparedQuery("DELETE FROM login_failure WHERE at < $1").execute(cutoff))
              .compose(r -> deleteSessionsBefore(cutoff))
              .<Void>mapEmpty();
        });
  }
}
