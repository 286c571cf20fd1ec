package io.linkgate.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves journal records to PostgreSQL on its own thread: a batch at a time as one multi-row insert
 * (idempotent by record id, so a replay after a crash inserts nothing twice), then the optional JSON-lines
 * sink, then the journal checkpoint. While the database is away it retries with backoff; the journal keeps
 * everything meanwhile. Each shipped batch is announced with NOTIFY for the live stream.
 */
public final class Shipper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
  static final String CHANNEL = "linkgate_usage";
  /**
   * One statement, so one round trip and one implicit transaction for the insert and the NOTIFY of the live
   * stream (an explicit transaction of two statements took four: BEGIN, INSERT, NOTIFY, COMMIT). The notification
   * names the records this insert added ({@code instance:fromSeq:toSeq}), none when it added none: a batch sent again
   * (after a crash, the records since the last checkpoint) reached the live streams' readers twice.
   */
  private static final String SHIP = """
      WITH inserted AS (
        INSERT INTO usage_log (id, at, instance_id, seq, agency_code, office_code, officer_id, session_id, device_id,
          service_code, dataset, upstream, request_ref, outcome, status, problem, latency_us, cache, target_hash,
          target_enc, target_key, correlation_id, prev_hash, hash)
        SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::uuid[],
          $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::smallint[],
          $16::text[], $17::bigint[], $18::text[], $19::bytea[], $20::bytea[], $21::text[], $22::text[], $23::bytea[],
          $24::bytea[])
        ON CONFLICT (id, at) DO NOTHING
        RETURNING seq)
      SELECT pg_notify($25, $26::text || ':' || min(seq) || ':' || max(seq)) FROM inserted HAVING count(*) > 0""";

  private final Journal journal;
  private final Pool pool;
  private final UsagePartitions partitions;
  private final int batch;
  private final Duration interval;
  private final long lingerMillis;
  private final OutputStream sink;
  private final Clock clock;
  private final Thread thread;
  private final Counter shipped;
  private final Counter failures;
  private final AtomicLong oldestUnshippedMillis = new AtomicLong();
  private volatile boolean running = true;
  // whether the shipper's thread is in a wait close() may cut short (guarded by itself; see parked)
  private final Object parking = new Object();
  private boolean parked;

  public Shipper(Journal journal, Pool pool, UsagePartitions partitions, int batch, Duration interval, Duration linger,
                 OutputStream sink, Clock clock, MeterRegistry registry) {
    this.journal = journal;
    this.pool = pool;
    this.partitions = partitions;
    this.batch = batch;
    this.interval = interval;
    this.lingerMillis = linger.toMillis();
    this.sink = sink;
    this.clock = clock;
    this.thread = new Thread(this::run, "linkgate-usage-shipper");
    this.thread.setDaemon(true);
    this.shipped = JournalRecorder.records(registry, "shipped");
    this.failures = Counter.builder("linkgate.usage.ship.failures")
        .description("Failed attempts to ship usage records to PostgreSQL (retried with backoff)").register(registry);
    Gauge.builder("linkgate.usage.backlog", journal, Journal::backlog)
        .description("Usage records journaled but not yet in PostgreSQL").register(registry);
    Gauge.builder("linkgate.usage.journal.bytes", journal, Journal::bytesOnDisk)
        .description("Bytes of the usage journal's segment files on disk").register(registry);
    Gauge.builder("linkgate.usage.journal.unshipped.bytes", journal, Journal::unshippedBytes)
        .description("Journal bytes not yet shipped to PostgreSQL (what usage.journalMaxBytes limits)")
        .register(registry);
    Gauge.builder("linkgate.usage.journal.budget.bytes", journal, Journal::maxUnshippedBytes)
        .description("usage.journalMaxBytes: at this many unshipped bytes lookups are refused")
        .register(registry);
    FunctionCounter.builder("linkgate.usage.journal.commits", journal, Journal::commits)
        .description("Group commits of the usage journal (one write and fsync each)")
        .register(registry);
    Gauge.builder("linkgate.usage.oldest.unshipped.seconds", oldestUnshippedMillis,
            v -> journal.backlog() == 0 || v.get() == 0 ? 0 : Math.max(0, clock.millis() - v.get()) / 1000.0)
        .description("Age of the oldest usage record not yet in PostgreSQL (0 when none waits)")
        .register(registry);
  }

  public void start() {
    thread.start();
  }

  /**
   * A lookup's record is journaled when it is answered, up to {@code upstream.lookupTimeout} (at most 5 minutes) after
   * the time it carries: records this much older than the journal's newest may still arrive.
   */
  static final java.time.Duration IN_FLIGHT = java.time.Duration.ofMinutes(10);

  /**
   * The time before which every record this instance journals is in PostgreSQL: {@link #IN_FLIGHT} before now when
   * nothing waits to be shipped, before the oldest record waiting otherwise; null when that is not known yet.
   */
  public Instant shippedThrough() {
    long oldest = oldestUnshippedMillis.get();
    Instant from = journal.backlog() == 0 ? clock.instant() : oldest > 0 ? Instant.ofEpochMilli(oldest) : null;
    return from == null ? null : from.minus(IN_FLIGHT);
  }

  private void run() {
    long backoff = 100;
    while (running) {
      boolean inDatabase = false;
      try {
        long position = journal.shippedPosition();
        long backlog = journal.backlog();
        if (backlog > 0 && backlog < batch && lingerMillis > 0) {
          // a short batch waits a moment for more: every insert costs the database a transaction, a commit flush
          // and a NOTIFY, so a trickle shipped record group by record group costs it several times the rows' work
          parked(() -> Thread.sleep(lingerMillis));
        }
        List<Journal.Entry> entries = journal.read(position, batch);
        if (entries.isEmpty()) {
          oldestUnshippedMillis.set(0);
          parked(() -> journal.awaitDurable(position, interval.toMillis()));
          continue;
        }
        oldestUnshippedMillis.set(entries.get(0).record().record().at().toEpochMilli());
        insert(entries);
        writeSink(entries);
        // in PostgreSQL and the sink from here, whatever becomes of the checkpoint (a full disk: written with the next
        // batch, and a restart before then sends the batch again, which the database ignores)
        inDatabase = true;
        shipped.increment(entries.size());
        Journal.Entry last = entries.get(entries.size() - 1);
        journal.shipped(last.end(), last.record().seq());
        backoff = 100;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException | Error e) {
        // an Error too (out of memory, say): a shipper thread that died would leave the journal filling up unseen
        failures.increment();
        if (oldestUnshippedMillis.get() == 0 && journal.backlog() > 0) {
          // nothing could be read (a damaged journal) or shipped yet: the stall is at least as old as now, so the
          // oldest-unshipped gauge (and its alert) grows from here instead of reading 0
          oldestUnshippedMillis.set(clock.millis());
        }
        // the first failure of a run carries its frames (never messages: they may quote data); retries only the class
        LOG.atWarn().addKeyValue("retryInMillis", backoff)
            .setCause(backoff == 100 ? io.linkgate.http.FailureHandler.withoutMessages(e) : null)
            .log(inDatabase
                ? "usage records shipped, but the journal's checkpoint could not be written (a full disk?); it is written with "
                    + "the next batch: " + describe(e)
                : "could not ship usage records (reading the journal, or into PostgreSQL); they stay in the journal: " + describe(e));
        try {
          long wait = backoff;
          parked(() -> Thread.sleep(wait)); // the shipper's own thread, waiting out a database outage
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(30_000, backoff * 2);
      }
    }
  }

  void insert(List<Journal.Entry> entries) throws InterruptedException {
    int n = entries.size();
    UUID[] id = new UUID[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] instance = new String[n];
    Long[] seq = new Long[n];
    String[] agency = new String[n];
    String[] office = new String[n];
    UUID[] officer = new UUID[n];
    UUID[] session = new UUID[n];
    String[] device = new String[n];
    String[] service = new String[n];
    String[] dataset = new String[n];
    String[] upstream = new String[n];
    String[] ref = new String[n];
    String[] outcome = new String[n];
    Short[] status = new Short[n];
    String[] problem = new String[n];
    Long[] latency = new Long[n];
    String[] cache = new String[n];
    Buffer[] targetHash = new Buffer[n];
    Buffer[] targetEnc = new Buffer[n];
    String[] targetKey = new String[n];
    String[] correlation = new String[n];
    Buffer[] prev = new Buffer[n];
    Buffer[] hash = new Buffer[n];
    for (int i = 0; i < n; i++) {
      LoggedRecord l = entries.get(i).record();
      SealedRecord r = l.record();
      id[i] = r.id();
      at[i] = OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC);
      instance[i] = l.instanceId();
      seq[i] = l.seq();
      agency[i] = r.agencyCode();
      office[i] = r.officeCode();
      officer[i] = r.officerId();
      session[i] = r.sessionId();
      device[i] = r.deviceId();
      service[i] = r.serviceCode();
      dataset[i] = r.dataset();
      upstream[i] = r.upstream();
      ref[i] = r.requestRef();
      outcome[i] = r.outcome();
      status[i] = (short) r.status();
      problem[i] = r.problem();
      latency[i] = r.latencyMicros();
      cache[i] = r.cache();
      targetHash[i] = r.targetHash() == null ? null : Buffer.buffer(r.targetHash());
      targetEnc[i] = r.targetEnc() == null ? null : Buffer.buffer(r.targetEnc());
      targetKey[i] = r.targetKey();
      correlation[i] = r.correlationId();
      prev[i] = Buffer.buffer(l.prevHash());
      hash[i] = Buffer.buffer(l.hash());
    }
    Tuple args = Tuple.tuple().addArrayOfUUID(id).addArrayOfOffsetDateTime(at).addArrayOfString(instance).addArrayOfLong(seq)
        .addArrayOfString(agency).addArrayOfString(office).addArrayOfUUID(officer).addArrayOfUUID(session).addArrayOfString(device)
        .addArrayOfString(service).addArrayOfString(dataset).addArrayOfString(upstream).addArrayOfString(ref)
        .addArrayOfString(outcome).addArrayOfShort(status).addArrayOfString(problem).addArrayOfLong(latency)
        .addArrayOfString(cache).addArrayOfBuffer(targetHash).addArrayOfBuffer(targetEnc).addArrayOfString(targetKey)
        .addArrayOfString(correlation).addArrayOfBuffer(prev).addArrayOfBuffer(hash);
    String instanceId = entries.get(0).record().instanceId(); // a journal's records are its instance's
    io.vertx.core.Future<?> answer = pool.preparedQuery(SHIP).execute(args.addString(CHANNEL).addString(instanceId));
    try {
      parked(() -> answer.await(30, TimeUnit.SECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("insert timed out", e);
    } catch (PgException e) {
      if ("23514".equals(e.getSqlState())) {
        // no partition for some record's month (clock skew, a long outage): create it and retry
        for (Journal.Entry entry : entries) {
          partitions.ensure(entry.record().record().at());
        }
      }
      throw e;
    }
  }

  private void writeSink(List<Journal.Entry> entries) throws IOException {
    if (sink == null) {
      return;
    }
    ByteArrayOutputStream lines = new ByteArrayOutputStream(entries.size() * 400);
    for (Journal.Entry e : entries) {
      lines.write(RecordCodec.sinkLine(e.record()));
      lines.write('\n');
    }
    lines.writeTo(sink);
    sink.flush();
  }

  /** A wait of the shipper's thread: a sleep, the journal's signal, the database's answer. */
  @FunctionalInterface
  private interface Wait<E extends Exception> {
    void run() throws InterruptedException, E;
  }

  /**
   * Runs a wait that {@link #close()} may cut short by interrupting the shipper's thread. Only waits are interrupted,
   * never file I/O: an interrupt closes a {@code FileChannel} for good (the sink's, a journal segment being read, the
   * checkpoint's), which failed the batch and then the shutdown's own shipping of what was left. On the stopping
   * thread (that shipping) the wait just runs.
   */
  private <E extends Exception> void parked(Wait<E> wait) throws InterruptedException, E {
    if (Thread.currentThread() != thread) {
      wait.run();
      return;
    }
    synchronized (parking) {
      if (!running) {
        throw new InterruptedException("the shipper is stopping");
      }
      parked = true;
    }
    try {
      wait.run();
    } finally {
      synchronized (parking) {
        parked = false;
        // an interrupt that came as the wait ended: running is false, so the loop ends after this batch's I/O, which
        // the flag must not reach
        Thread.interrupted();
      }
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof Journal.Damaged damaged) {
      return damaged.getMessage(); // a file name and an offset: where to look, no record content
    }
    return e.getClass().getSimpleName() + (e instanceof PgException pg ? " " + pg.getSqlState() : "");
  }

  /** Ships what is durable now, then stops (graceful shutdown); what cannot be shipped stays in the journal. */
  @Override
  public void close() {
    synchronized (parking) {
      running = false;
      if (parked) {
        thread.interrupt(); // waiting: cut short; in file I/O or building a batch: the loop ends after it
      }
    }
    try {
      thread.join(5000);
      if (thread.isAlive()) {
        // still in its I/O (a sink's sync taking longer): shipping here too would send its batch twice, at once
        LOG.atWarn().log("the usage shipper did not stop within 5 s; what it has not shipped goes out at the next start");
        return;
      }
      for (int i = 0; i < 50 && journal.backlog() > 0; i++) {
        List<Journal.Entry> entries = journal.read(journal.shippedPosition(), batch);
        if (entries.isEmpty()) {
          break;
        }
        insert(entries);
        writeSink(entries);
        Journal.Entry last = entries.get(entries.size() - 1);
        journal.shipped(last.end(), last.record().seq());
        shipped.increment(entries.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.atWarn().log("usage records left in the journal at shutdown are shipped at the next start: " + describe(e));
    }
  }

  Instant now() {
    return clock.instant();
  }
}
