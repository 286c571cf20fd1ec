package io.linkgate.usage;

import io.linkgate.http.ProblemType;
import io.linkgate.privacy.CitizenIdProtector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batched PostgreSQL writer of usage records: records queue in memory (bounded) and are inserted in
 * batches every few milliseconds. A full queue refuses the record (the lookup is then refused with 503),
 * never drops it silently. Not durable across a crash: the journal of the usage-log issue is.
 */
public final class PgUsageWriter implements UsageRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(PgUsageWriter.class);
  public static final ProblemType USAGE_LOG_UNAVAILABLE = new ProblemType("usage-log-unavailable", "Usage log unavailable", 503);
  static final int BATCH = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final CitizenIdProtector protector;
  private final BlockingQueue<UsageRecord> queue;
  private final Counter written;
  private final Counter failed;
  private long timer = -1;
  private Future<Void> tail = Future.succeededFuture();

  public PgUsageWriter(Vertx vertx, Pool pool, CitizenIdProtector protector, MeterRegistry registry, int capacity) {
    this.vertx = vertx;
    this.pool = pool;
    this.protector = protector;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.written = registry.counter("linkgate.usage.records", "result", "written");
    this.failed = registry.counter("linkgate.usage.records", "result", "write_failed");
    registry.gauge("linkgate.usage.queue", queue, BlockingQueue::size);
  }

  public void start() {
    timer = vertx.setPeriodic(50, id -> flush());
  }

  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return drain();
  }

  @Override
  public Future<Void> record(UsageRecord record) {
    if (!queue.offer(record)) {
      return Future.failedFuture(USAGE_LOG_UNAVAILABLE.exception("The usage log cannot take more records right now; lookups are refused until it can.")
          .header("Retry-After", "1"));
    }
    return Future.succeededFuture();
  }

  /** Writes everything queued so far, after the writes already under way (tests, shutdown). */
  public Future<Void> drain() {
    Future<Void> previous;
    synchronized (this) {
      previous = tail;
    }
    return previous.transform(v -> {
      if (queue.isEmpty()) {
        return Future.succeededFuture();
      }
      synchronized (this) {
        tail = tail.transform(w -> write());
      }
      return drain();
    });
  }

  /** One batch at a time: each write starts after the previous one finished. */
  private synchronized void flush() {
    if (!tail.isComplete() || queue.isEmpty()) {
      return;
    }
    tail = write();
  }

  private Future<Void> write() {
    List<UsageRecord> batch = new ArrayList<>(BATCH);
    queue.drainTo(batch, BATCH);
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(batch.size());
    for (UsageRecord r : batch) {
      rows.add(tuple(r));
    }
    return pool.preparedQuery("""
            INSERT INTO usage_record (id, at, agency_code, office_code, officer_id, session_id, device_id, service_code, dataset,
              upstream, request_ref, outcome, status, problem, latency_us, cache, target_hash, target_enc, target_key, correlation_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
            ON CONFLICT (id) DO NOTHING""")
        .executeBatch(rows)
        .onSuccess(r -> written.increment(batch.size()))
        .onFailure(e -> {
          failed.increment(batch.size());
          LOG.atError().addKeyValue("records", batch.size()).log("usage records could not be written: " + e.getClass().getSimpleName());
        })
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  private Tuple tuple(UsageRecord r) {
    Buffer hash = null;
    Buffer enc = null;
    String keyId = null;
    if (r.targetCitizenId() != null) {
      hash = Buffer.buffer(protector.searchHash(r.targetCitizenId()));
      CitizenIdProtector.Sealed sealed = protector.encrypt(r.targetCitizenId());
      enc = Buffer.buffer(sealed.bytes());
      keyId = sealed.keyId();
    }
    return Tuple.tuple()
        .addUUID(r.id()).addOffsetDateTime(OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC))
        .addString(r.agencyCode()).addString(r.officeCode()).addUUID(r.officerId()).addUUID(r.sessionId())
        .addString(r.deviceId()).addString(r.serviceCode()).addString(r.dataset()).addString(r.upstream())
        .addString(r.requestRef()).addString(r.outcome().name()).addShort((short) r.status()).addString(r.problem())
        .addLong(r.latencyMicros()).addString(r.cache()).addBuffer(hash).addBuffer(enc).addString(keyId)
        .addString(r.correlationId());
  }
}
