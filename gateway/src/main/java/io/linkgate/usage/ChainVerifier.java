package io.linkgate.usage;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Checks every instance's chain in one month of the usage log: each record's HMAC over its fields and its
 * predecessor's hash, and that the chain has no gaps. Reports altered, deleted and inserted records by id.
 * Blocking: meant for the {@code usage verify} command, not an event loop.
 */
public final class ChainVerifier {

  /** One finding: what is wrong and the record(s) concerned. */
  public record Finding(String kind, String instanceId, long seq, UUID id, String detail) {
    @Override
    public String toString() {
      return kind + " instance " + instanceId + " seq " + seq + (id == null ? "" : " record " + id) + ": " + detail;
    }
  }

  /** The month's verdict per instance chain, and every finding. */
  public record Report(int chains, long records, List<Finding> findings) {
    public boolean intact() {
      return findings.isEmpty();
    }
  }

  /** An instance's chain in a month: the first and last seq of the month's records. */
  private record Span(String instance, long firstSeq, long lastSeq) {
  }

  /** Where retention cut an instance's chain: its records up to {@code seq} were dropped, the last with {@code hash}. */
  private record Retained(long seq, byte[] hash) {
    /** Whether the records up to {@code missing} are gone by retention, not deleted. */
    boolean covers(long missing) {
      return missing <= seq;
    }

    /** The hash the record after {@code missing} must follow, when retention kept it; null when unknown. */
    byte[] hashOf(long missing) {
      return missing == seq ? hash : null;
    }
  }

  private static final int PAGE = 5000;
  /** How long after its month a record of it may still be journalled (a lookup's time is bounded by seconds). */
  static final Duration STRAGGLERS = Duration.ofHours(1);

  private final Pool pool;
  private final Chain chain;

  public ChainVerifier(Pool pool, Chain chain) {
    this.pool = pool;
    this.chain = chain;
  }

  public Report verify(YearMonth month, Consumer<String> progress) throws Exception {
    OffsetDateTime from = month.atDay(1).atStartOfDay(UsagePartitions.BANGKOK).toOffsetDateTime();
    OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(UsagePartitions.BANGKOK).toOffsetDateTime();
    List<Span> chains = new ArrayList<>();
    for (Row r : await(pool.preparedQuery("SELECT instance_id, min(seq), max(seq) FROM usage_log WHERE at >= $1 AND at < $2 "
        + "GROUP BY instance_id ORDER BY 1").execute(Tuple.of(from, to)))) {
      chains.add(new Span(r.getString(0), r.getLong(1), r.getLong(2)));
    }
    List<Finding> findings = new ArrayList<>();
    Map<String, Retained> retained = retained(findings);
    long total = 0;
    for (Span c : chains) {
      long count = verifyInstance(c.instance(), c.firstSeq(), c.lastSeq(), from, to, retained.get(c.instance()), findings);
      total += count;
      progress.accept("instance " + c.instance() + ": " + count + " records checked");
    }
    List<String> checked = chains.stream().map(Span::instance).toList();
    for (String instance : instances()) {
      if (!checked.contains(instance)) {
        acrossTheMonth(instance, from, to, retained.get(instance), findings);
      }
    }
    return new Report(chains.size(), total, findings);
  }

  /**
   * The marks retention left where it dropped each instance's oldest records, those whose seal checks out; one that
   * does not (written without the key, or changed) is a finding, and the records it claims were dropped count as deleted.
   */
  private Map<String, Retained> retained(List<Finding> findings) throws Exception {
    Map<String, Retained> out = new HashMap<>();
    for (Row r : await(pool.query("SELECT instance_id, seq, hash, seal FROM usage_chain_retained ORDER BY 1").execute())) {
      String instance = r.getString(0);
      long seq = r.getLong(1);
      byte[] hash = r.getBuffer(2).getBytes();
      if (MessageDigest.isEqual(chain.retentionSeal(instance, seq, hash), r.getBuffer(3).getBytes())) {
        out.put(instance, new Retained(seq, hash));
      } else {
        findings.add(new Finding("ALTERED", instance, seq, null, "the mark of the records retention dropped (up to this seq) "
            + "is not a gateway's (changed, or not written by a gateway)"));
      }
    }
    return out;
  }

  /** Every instance that has records in the usage log, by a skip scan of the chain index (a handful of instances). */
  private List<String> instances() throws Exception {
    List<String> out = new ArrayList<>();
    for (Row r : await(pool.query("""
        WITH RECURSIVE i AS (
          (SELECT instance_id FROM usage_log ORDER BY instance_id LIMIT 1)
          UNION ALL
          SELECT (SELECT instance_id FROM usage_log WHERE instance_id > i.instance_id ORDER BY instance_id LIMIT 1)
          FROM i WHERE i.instance_id IS NOT NULL)
        SELECT instance_id FROM i WHERE instance_id IS NOT NULL""").execute())) {
      out.add(r.getString(0));
    }
    return out;
  }

  /**
   * An instance with no record in the month whose chain runs on both sides of it: its last record before the month
   * (or, its earlier months dropped, the last retention dropped) and its first after must be neighbours in the chain,
   * else the records between (the month's) were deleted. An instance that was idle or stopped all month has none
   * missing; one whose records end before the month cannot be told apart from one whose last records were removed (see
   * {@link #verifyInstance}).
   */
  private void acrossTheMonth(String instance, OffsetDateTime from, OffsetDateTime to, Retained retained, List<Finding> findings)
      throws Exception {
    RowSet<Row> before = await(pool.preparedQuery("SELECT seq FROM usage_log WHERE instance_id = $1 AND at < $2 ORDER BY seq DESC LIMIT 1")
        .execute(Tuple.of(instance, from)));
    RowSet<Row> after = await(pool.preparedQuery("SELECT seq, id FROM usage_log WHERE instance_id = $1 AND at >= $2 ORDER BY seq LIMIT 1")
        .execute(Tuple.of(instance, to)));
    if (before.size() == 0 && retained == null || after.size() == 0) {
      return;
    }
    long last = Math.max(before.size() == 0 ? 0 : before.iterator().next().getLong(0), retained == null ? 0 : retained.seq());
    Row next = after.iterator().next();
    long seq = next.getLong(0);
    if (seq > last + 1) {
      findings.add(new Finding("DELETED", instance, last + 1, null, (seq - last - 1) + " record(s) missing before record "
          + next.getUUID(1) + " (seq " + (last + 1) + " to " + (seq - 1) + "): none of the instance's records of the month is left"));
    }
  }

  /**
   * Walks the instance's chain in seq order, without regard to time, from the month's first record to its last and
   * on through the next month's records of the first {@link #STRAGGLERS}: seq is given when a record is journalled and
   * {@code at} when its lookup arrived, so around midnight the months' records interleave, and a record of this month
   * deleted after the last one kept is still seen as a gap. Pages by (seq, id), so no record sharing a seq is skipped.
   * Counts the records of the month.
   */
  private long verifyInstance(String instance, long firstSeq, long lastSeq, OffsetDateTime from, OffsetDateTime to,
                              Retained retained, List<Finding> findings) throws Exception {
    OffsetDateTime stopAt = to.plus(STRAGGLERS);
    long count = 0;
    Long previousSeq = null;
    byte[] previousHash = null;
    long afterSeq = firstSeq;
    UUID afterId = new UUID(0, 0);
    boolean first = true;
    while (true) {
      RowSet<Row> rows = await(pool.preparedQuery("SELECT " + UsageRows.COLUMNS + ", prev_hash, hash FROM usage_log "
              + "WHERE instance_id = $1 AND seq >= $2 AND ($3 OR (seq, id) > ($2, $4)) ORDER BY seq, id LIMIT $5")
          .execute(Tuple.of(instance, afterSeq, first, afterId, PAGE)));
      first = false;
      for (Row row : rows) {
        long seq = row.getLong("seq");
        UUID id = row.getUUID("id");
        OffsetDateTime at = row.getOffsetDateTime("at");
        afterSeq = seq;
        afterId = id;
        if (previousSeq != null && seq > previousSeq + 1) {
          if (retained != null && retained.covers(seq - 1)) {
            previousHash = retained.hashOf(seq - 1); // a straggler of a month retention dropped
          } else {
            findings.add(new Finding("DELETED", instance, previousSeq + 1, null,
                (seq - previousSeq - 1) + " record(s) missing before record " + id + " (seq " + (previousSeq + 1) + " to " + (seq - 1) + ")"));
            previousHash = null;
          }
        }
        if (seq > lastSeq && !at.isBefore(stopAt)) {
          return count; // this record and the rest are a later month's to check
        }
        if (!at.isBefore(from) && at.isBefore(to)) {
          count++;
        }
        byte[] prev = row.getBuffer("prev_hash").getBytes();
        byte[] hash = row.getBuffer("hash").getBytes();
        if (previousSeq == null) {
          previousHash = predecessorHash(instance, seq, retained, findings, id);
        } else if (seq == previousSeq) {
          findings.add(new Finding("INSERTED", instance, seq, id, "a second record claims this place in the chain"));
          continue;
        }
        byte[] expected = chain.hash(sealed(row), instance, seq, prev);
        if (!MessageDigest.isEqual(expected, hash)) {
          findings.add(new Finding("ALTERED", instance, seq, id, "the record's content does not match its hash (changed, or not written by a gateway)"));
        } else if (previousHash != null && !MessageDigest.isEqual(previousHash, prev)) {
          findings.add(new Finding("BROKEN_LINK", instance, seq, id, "the record does not follow the one before it in the chain"));
        }
        previousSeq = seq;
        previousHash = hash;
      }
      if (rows.size() < PAGE) {
        return count;
      }
    }
  }

  /**
   * The hash the month's first record must follow: genesis for seq 1, else the predecessor's (maybe last month), or
   * the retention mark's when retention dropped it (null, nothing to compare, when it dropped records after it too).
   */
  private byte[] predecessorHash(String instance, long seq, Retained retained, List<Finding> findings, UUID id) throws Exception {
    if (seq == 1) {
      return Chain.GENESIS;
    }
    RowSet<Row> rows = await(pool.preparedQuery("SELECT hash, at FROM usage_log WHERE instance_id = $1 AND seq = $2")
        .execute(Tuple.of(instance, seq - 1)));
    if (rows.size() == 0) {
      if (retained != null && retained.covers(seq - 1)) {
        return retained.hashOf(seq - 1);
      }
      findings.add(new Finding("DELETED", instance, seq - 1, null, "the record before record " + id + " is missing"));
      return null;
    }
    return rows.iterator().next().getBuffer("hash").getBytes();
  }

  static SealedRecord sealed(Row row) {
    Buffer th = row.getBuffer("target_hash");
    Buffer te = row.getBuffer("target_enc");
    return new SealedRecord(row.getUUID("id"), row.getOffsetDateTime("at").withOffsetSameInstant(ZoneOffset.UTC).toInstant(),
        row.getString("agency_code"), row.getString("office_code"), row.getUUID("officer_id"), row.getUUID("session_id"),
        row.getString("device_id"), row.getString("service_code"), row.getString("dataset"), row.getString("upstream"),
        row.getString("request_ref"), row.getString("outcome"), row.getInteger("status"), row.getString("problem"),
        row.getLong("latency_us"), row.getString("cache"), th == null ? null : th.getBytes(), te == null ? null : te.getBytes(),
        row.getString("target_key"), row.getString("correlation_id"));
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.await(60, TimeUnit.SECONDS);
  }
}
