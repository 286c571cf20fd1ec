package io.linkgate.session;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.linkgate.http.ProblemException;
import io.linkgate.privacy.Sha256;
import io.linkgate.registry.Officer;
import io.linkgate.registry.OfficerRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Card sessions in PostgreSQL with a bounded per-instance cache. Tokens are 256-bit random and stored
 * only as SHA-256. An ended session is announced with NOTIFY so every instance drops it at once; after
 * a lost LISTEN connection the whole cache is dropped, since notifications may have been missed.
 */
public final class SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
  static final String CHANNEL = "linkgate_session_end";
  /** The listening connection's own pings (a channel of their own: instances of an older version ignore it). */
  static final String PING_CHANNEL = "linkgate_session_ping";

  /** A new session and the token the officer's card-edge will present. */
  public record Opened(String token, Session session) {
  }

  /** How soon a session whose re-read failed is read again (see {@code fresh}). */
  static final long REREAD_AFTER_FAILURE_MILLIS = 5_000;
  /** How long used login challenges are kept past their expiry (instances' clocks may disagree by less). */
  static final java.time.Duration USED_CHALLENGES_KEPT = java.time.Duration.ofHours(1);

  /**
   * The cached session, when it was read from PostgreSQL (its officer's roles, services and state are as of then), and
   * when this instance last saw it used (and last wrote that down).
   */
  static final class Entry {
    final Session session;
    /** When PostgreSQL was last asked about the session (moved on when asking failed, see {@code fresh}). */
    volatile long readAt;
    final AtomicLong lastSeen;
    volatile long persisted;
    /** The last use as PostgreSQL had it when read: the instance that saw a later use writes it down only every touchInterval. */
    final long stored;

    Entry(Session session, long lastSeen, long readAt) {
      this.session = session;
      this.readAt = readAt;
      this.lastSeen = new AtomicLong(lastSeen);
      this.persisted = lastSeen;
      this.stored = lastSeen;
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  /**
   * The last use this instance wrote down, per session: kept apart from the cache, whose entries are read again and
   * dropped, and forgotten at the clean-up once the session would be idle anyway.
   */
  private final java.util.Map<UUID, Long> writtenHere = new java.util.concurrent.ConcurrentHashMap<>();
  private final PgConnectOptions connectOptions;
  private final OfficerRepository officers;
  private final SessionConfig config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AsyncLoadingCache<ByteBuffer, Optional<Entry>> cache;
  /**
   * PostgreSQL's count of open sessions (every instance's) at the last clean-up; set only from that count, never moved
   * by what this instance opens or ends, which would miss other instances' logins and ends and count ends whose
   * transaction then rolls back.
   */
  private final AtomicLong active = new AtomicLong();
  // bumped before every session this instance forgets: a read in flight across one does not cache what it read
  private final AtomicLong invalidations = new AtomicLong();
  private PgSubscriber subscriber;
  private long cleanupTimer = -1;
  private volatile Future<Void> lastActivityWrite = Future.succeededFuture();
  private final List<java.util.function.Consumer<byte[]>> endListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public SessionStore(Vertx vertx, Pool pool, PgConnectOptions connectOptions, OfficerRepository officers,
                      SessionConfig config, Clock clock, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.officers = officers;
    this.config = config;
    this.clock = clock;
    // an entry read from PostgreSQL more than cacheTtl ago is read again before it is served (roles, services, state; see
    // fresh), keeping the newest last-seen time this instance knows; unused entries go after the idle timeout
    this.cache = Caffeine.newBuilder()
        .maximumSize(config.cacheSize())
        .expireAfterAccess(config.idleTimeout())
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .buildAsync(new AsyncCacheLoader<>() {
          @Override
          public CompletableFuture<Optional<Entry>> asyncLoad(ByteBuffer key, java.util.concurrent.Executor executor) {
            return load(key).toCompletionStage().toCompletableFuture();
          }

          @Override
          public CompletableFuture<Optional<Entry>> asyncReload(ByteBuffer key, Optional<Entry> old, java.util.concurrent.Executor executor) {
            return load(key).map(fresh -> merge(fresh, old)).toCompletionStage().toCompletableFuture();
          }
        });
    Gauge.builder("linkgate.sessions.active", active, AtomicLong::doubleValue)
        .description("Card sessions open (all instances): PostgreSQL's count at the last clean-up, every 15 s")
        .register(registry);
  }

  /** Starts listening for ended sessions and the periodic clean-up. */
  public Future<Void> start() {
    subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(retries -> Math.min(2000L, 100L * (retries + 1)));
    // (re)subscribed after a lost connection: notifications may have been missed, so forget everything
    subscriber.channel(CHANNEL).subscribeHandler(v -> {
      invalidations.incrementAndGet();
      cache.synchronous().invalidateAll();
      // pings sent before this connection listened were never to be heard: not a sign of a deaf one
      pingHeard = Math.max(pingHeard, pingsSent.get());
      subscriptions.incrementAndGet();
    }).handler(this::onEnded);
    subscriber.channel(PING_CHANNEL).handler(this::onPing);
    cleanupTimer = vertx.setPeriodic(15_000, id -> {
      cleanUp();
      checkListener();
    });
    return subscriber.connect().compose(v -> cleanUp());
  }

  // the LISTEN connection's liveness: one a firewall or NAT dropped without a word delivers nothing, and every session
  // ended elsewhere was served from this instance's cache for up to cacheTtl. Each tick it sends itself a ping, which
  // also keeps the connection from looking idle to them.
  private final String pingPrefix = "ping:" + UUID.randomUUID() + ":";
  private final AtomicLong pingsSent = new AtomicLong();
  private volatile long pingTaken; // the last ping PostgreSQL took
  private volatile long pingHeard; // the last ping of ours that came back
  /** How often the channel was (re)subscribed, and a deaf listening connection noticed (tests). */
  final java.util.concurrent.atomic.AtomicInteger subscriptions = new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger listenerRestarts = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Notices a LISTEN connection that no longer delivers (the last tick's ping, taken by PostgreSQL, never came back):
   * forgets every cached session at once, as after a reconnect, and closes the connection so that it reconnects. Then
   * sends this tick's ping.
   */
  Future<Void> checkListener() {
    if (subscriber == null || subscriber.closed()) {
      return Future.succeededFuture();
    }
    if (pingTaken > pingHeard) {
      listenerRestarts.incrementAndGet();
      LOG.atWarn().log("session-end notifications stopped arriving; cached sessions forgotten, listening again");
      pingHeard = pingTaken; // one reconnect per silence
      invalidations.incrementAndGet();
      cache.synchronous().invalidateAll();
      io.vertx.pgclient.PgConnection listening = subscriber.actualConnection();
      if (listening != null) {
        listening.close();
      }
    }
    long n = pingsSent.incrementAndGet();
    return pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(PING_CHANNEL, pingPrefix + n))
        .onSuccess(r -> pingTaken = Math.max(pingTaken, n))
        .<Void>mapEmpty()
        .otherwiseEmpty(); // PostgreSQL away: nothing to tell about the connection (readiness says so)
  }

  /** The connection session ends are heard on (tests: to make it deaf). */
  io.vertx.pgclient.PgConnection listening() {
    return subscriber == null ? null : subscriber.actualConnection();
  }

  public Future<Void> close() {
    if (cleanupTimer >= 0) {
      vertx.cancelTimer(cleanupTimer);
    }
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  // -- challenges ----------------------------------------------------------------------------------

  /** Marks a challenge used; false when it was used before. */
  public Future<Boolean> consume(Challenges.Verified challenge) {
    return pool.preparedQuery("INSERT INTO session_challenge_used (nonce_hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(Buffer.buffer(challenge.nonceHash()), OffsetDateTime.ofInstant(challenge.expiresAt(), ZoneOffset.UTC)))
        .map(r -> r.rowCount() == 1);
  }

  // -- sessions ------------------------------------------------------------------------------------

  public Future<Opened> open(Officer officer, String deviceId, String chipId, LocalDate cardExpiry) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = "lgs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    byte[] hash = hash(token);
    Instant now = clock.instant();
    Instant expires = now.plus(config.maxLifetime());
    UUID id = UUID.randomUUID();
    ByteBuffer key = ByteBuffer.wrap(hash);
    long generation = invalidations.get();
    // the device and the officer are checked again as the session is written: a login takes seconds of card and
    // upstream work, and a revocation, deactivation or lock committed meanwhile ends only the sessions it finds; the
    // session is then read back, so that it holds the officer's roles and services as they are now, not as the login
    // read them before that work. FOR SHARE: a revocation, deactivation or lock not yet committed (its transaction
    // ends the sessions it finds, then commits) is waited for and the row checked as it commits; read as last
    // committed, the device passed, the new session was not among those ended, and it served until the clean-up
    return pool.preparedQuery("""
            INSERT INTO card_session (id, token_hash, officer_id, agency_code, device_id, chip_id, card_expiry, created_at, last_seen_at, expires_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $8, $9
            WHERE EXISTS (SELECT 1 FROM device WHERE id = $5 AND revoked_at IS NULL FOR SHARE)
              AND EXISTS (SELECT 1 FROM officer WHERE id = $3 AND active AND locked_at IS NULL FOR SHARE)""")
        .execute(Tuple.of(id, Buffer.buffer(hash), officer.id(), officer.agencyCode(), deviceId, chipId, cardExpiry,
            utc(now), utc(expires)))
        .compose(r -> r.rowCount() == 1 ? load(key) : changedDuringLogin(officer.id(), deviceId))
        .compose(loaded -> {
          if (loaded.isEmpty() || loaded.get().session.ended()) {
            return changedDuringLogin(officer.id(), deviceId);
          }
          writtenHere.put(loaded.get().session.id(), loaded.get().stored); // its last use so far: the login, written here
          if (!putUnlessInvalidated(key, loaded, generation)) {
            // a session ended somewhere while it was read back (a revocation of this device or officer among them):
            // read it again, past that end's commit, rather than cache what may be stale
            return load(key).compose(again -> again.isEmpty() || again.get().session.ended()
                ? changedDuringLogin(officer.id(), deviceId) : Future.succeededFuture(new Opened(token, again.get().session)));
          }
          return Future.succeededFuture(new Opened(token, loaded.get().session));
        });
  }

  /** Why a session was not written: the device was revoked, or the officer deactivated or locked, during the login. */
  private <T> Future<T> changedDuringLogin(UUID officerId, String deviceId) {
    return pool.preparedQuery("SELECT (SELECT revoked_at IS NULL FROM device WHERE id = $1), (SELECT locked_at IS NULL FROM officer WHERE id = $2)")
        .execute(Tuple.of(deviceId, officerId))
        .compose(rows -> {
          Row r = rows.iterator().next();
          if (!Boolean.TRUE.equals(r.getBoolean(0))) {
            return Future.failedFuture(SessionProblems.DEVICE_UNKNOWN.exception("The device's enrollment was revoked during the login."));
          }
          if (!Boolean.TRUE.equals(r.getBoolean(1))) {
            return Future.failedFuture(SessionProblems.OFFICER_LOCKED.exception("The officer was locked during the login."));
          }
          return Future.failedFuture(SessionProblems.OFFICER_INACTIVE.exception("The officer's registration was deactivated during the login."));
        });
  }

  /**
   * The live session behind a bearer token, counting this call as activity; fails with a 401 problem
   * when the token is unknown, ended, past its lifetime or idle for too long.
   */
  public Future<Session> authenticate(String token) {
    ByteBuffer key = ByteBuffer.wrap(hash(token));
    return completed(cache.get(key)).compose(found -> fresh(key, found)).compose(found -> check(key, found, true));
  }

  /**
   * The entry, or when it was read from PostgreSQL cacheTtl ago or more, the entry read again (one read per session at a
   * time): a role taken away, a deactivation or a lock is never served from the cache longer than cacheTtl.
   */
  private Future<Optional<Entry>> fresh(ByteBuffer key, Optional<Entry> found) {
    if (found.isEmpty() || clock.millis() - found.get().readAt < config.cacheTtl().toMillis()) {
      return Future.succeededFuture(found);
    }
    // PostgreSQL away: no change can commit meanwhile, and lookups go on through an outage with the sessions held here.
    // The entry is asked about again only after REREAD_AFTER_FAILURE, so that an outage (a read may wait up to the
    // connect timeout) costs one waiting request per session every few seconds, not every request.
    return completed(cache.synchronous().refresh(key)).recover(e -> {
      Entry held = found.get();
      held.readAt = clock.millis() - config.cacheTtl().toMillis() + Math.min(REREAD_AFTER_FAILURE_MILLIS, config.cacheTtl().toMillis());
      return Future.succeededFuture(found);
    });
  }

  private Future<Optional<Entry>> completed(CompletableFuture<Optional<Entry>> cf) {
    return cf.isDone() && !cf.isCompletedExceptionally()
        ? Future.succeededFuture(cf.join())
        : Future.fromCompletionStage(cf, vertx.getOrCreateContext());
  }

  /** When this instance last saw {@code session} used, if it holds the session in its cache. */
  private java.util.OptionalLong lastSeenHere(Session session) {
    CompletableFuture<Optional<Entry>> cf = cache.getIfPresent(ByteBuffer.wrap(session.tokenHash()));
    return cf != null && cf.isDone() && !cf.isCompletedExceptionally() && cf.join().isPresent()
        ? java.util.OptionalLong.of(cf.join().get().lastSeen.get()) : java.util.OptionalLong.empty();
  }

  /** When the session goes idle, as this instance knows it. */
  public Instant idleExpiry(Session session) {
    long lastSeen = lastSeenHere(session).orElse(clock.millis());
    Instant idle = Instant.ofEpochMilli(lastSeen).plus(config.idleTimeout());
    return idle.isBefore(session.expiresAt()) ? idle : session.expiresAt();
  }

  private Future<Session> check(ByteBuffer key, Optional<Entry> found, boolean mayReload) {
    if (found.isEmpty()) {
      return Future.failedFuture(SessionProblems.SESSION_INVALID.exception("The bearer token is not a card session of this gateway."));
    }
    Entry entry = found.get();
    Session s = entry.session;
    long now = clock.millis();
    if (s.ended()) {
      return Future.failedFuture(ended(s.endReason()));
    }
    if (now >= s.expiresAt().toEpochMilli()) {
      return Future.failedFuture(ended("EXPIRED"));
    }
    long seen = entry.lastSeen.get();
    if (now - seen >= config.idleTimeout().toMillis()) {
      if (mayReload) {
        // another instance may have seen it used: PostgreSQL may know of later activity
        long generation = invalidations.get();
        return load(key).compose(reloaded -> {
          Optional<Entry> merged = merge(reloaded, found);
          if (!putUnlessInvalidated(key, merged, generation)) {
            // a session ended while this one was read (perhaps this one): what was read may be from before that end;
            // read again, uncached, past its commit
            return load(key).compose(again -> check(key, merge(again, found), false));
          }
          return check(key, merged, false);
        });
      }
      // the last use PostgreSQL has, unless this instance wrote it itself, may be up to touchInterval behind the real one
      // on the instance that served it (a failover, the load balancer's hash moved): idle once the timeout has passed
      // that allowance too, as for the clean-up; it ended up to touchInterval early, on every instance
      Long mine = writtenHere.get(s.id());
      long allowance = mine != null && mine == entry.stored ? 0 : config.touchInterval().toMillis();
      if (now - entry.stored >= config.idleTimeout().toMillis() + allowance) {
        return end(s, "IDLE").transform(ar -> Future.failedFuture(ended("IDLE")));
      }
    }
    entry.lastSeen.accumulateAndGet(now, Math::max);
    if (now - entry.persisted >= config.touchInterval().toMillis()) {
      entry.persisted = now;
      writtenHere.put(s.id(), now);
      lastActivityWrite = pool.preparedQuery("UPDATE card_session SET last_seen_at = greatest(last_seen_at, $2) WHERE id = $1")
          .execute(Tuple.of(s.id(), utc(Instant.ofEpochMilli(now))))
          .onFailure(e -> LOG.atWarn().addKeyValue("session", s.id().toString()).log("could not record session activity: " + e.getClass().getSimpleName()))
          .mapEmpty();
    }
    return Future.succeededFuture(s);
  }

  /**
   * Completes once the last activity write this instance started is done (not awaited by the call it records): for
   * tests that move the clock on at once.
   */
  Future<Void> activityWritten() {
    return lastActivityWrite.recover(e -> Future.succeededFuture());
  }

  /** The refusal of a session ended for {@code reason}: the same whichever instance or path ended it. */
  private static ProblemException ended(String reason) {
    return switch (reason) {
      case "EXPIRED" -> SessionProblems.SESSION_EXPIRED.exception("The card session reached its maximum lifetime; log in again with the card.");
      case "IDLE" -> SessionProblems.SESSION_EXPIRED.exception("The card session was idle too long; log in again with the card.");
      default -> SessionProblems.SESSION_ENDED.exception("The card session ended (" + reason.toLowerCase(java.util.Locale.ROOT) + "); log in again with the card.");
    };
  }

  /**
   * The session as PostgreSQL has it. One still open whose officer is deactivated or locked, or whose device is revoked,
   * reads as ended for that reason, whether or not ending it in PostgreSQL went through.
   */
  private Future<Optional<Entry>> load(ByteBuffer key) {
    Instant readAt = clock.instant();
    return pool.preparedQuery("""
            SELECT s.id, s.officer_id, s.device_id, s.chip_id, s.card_expiry, s.created_at, s.last_seen_at, s.expires_at, s.ended_at,
                   s.end_reason, d.revoked_at IS NOT NULL AS device_revoked
            FROM card_session s JOIN device d ON d.id = s.device_id WHERE s.token_hash = $1""")
        .execute(Tuple.of(Buffer.buffer(array(key))))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<Entry>empty());
          }
          Row row = rows.iterator().next();
          return officers.findById(row.getUUID("officer_id")).map(officer -> officer.map(o -> {
            OffsetDateTime endedAt = row.getOffsetDateTime("ended_at");
            Instant ended = endedAt == null ? null : endedAt.toInstant();
            String reason = row.getString("end_reason");
            String cut = o.locked() ? "OFFICER_LOCKED" : !o.active() ? "REVOKED" : row.getBoolean("device_revoked") ? "DEVICE_REVOKED" : null;
            if (ended == null && cut != null) {
              ended = readAt;
              reason = cut;
            }
            Session s = new Session(row.getUUID("id"), array(key), o, row.getString("device_id"), row.getString("chip_id"),
                row.getLocalDate("card_expiry"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("expires_at").toInstant(), ended, reason);
            return new Entry(s, row.getOffsetDateTime("last_seen_at").toInstant().toEpochMilli(), readAt.toEpochMilli());
          }));
        });
  }

  /** A reloaded entry keeps the newest activity this instance has seen (its write-back may still be in flight). */
  private static Optional<Entry> merge(Optional<Entry> fresh, Optional<Entry> old) {
    if (fresh.isPresent() && old.isPresent()) {
      fresh.get().lastSeen.accumulateAndGet(old.get().lastSeen.get(), Math::max);
      fresh.get().persisted = Math.max(fresh.get().persisted, old.get().persisted);
    }
    return fresh;
  }

  /** Ends one session (logout, card removed, idle) and tells every instance. */
  public Future<Boolean> end(Session session, String reason) {
    return pool.withTransaction(conn -> endWhere(conn, "WHERE s.token_hash = $1", Tuple.of(Buffer.buffer(session.tokenHash()), reason)))
        .map(n -> n > 0);
  }

  /**
   * Ends every open session of an officer (locked, deactivated) in {@code conn}'s transaction, the one that changes the
   * officer, so that the change and the end commit together; every instance is told as it commits.
   */
  public Future<Integer> endForOfficer(SqlConnection conn, UUID officerId, String reason) {
    return endWhere(conn, "WHERE s.officer_id = $1", Tuple.of(officerId, reason));
  }

  /** Ends every open session on a device in {@code conn}'s transaction, the one that revokes the device. */
  public Future<Integer> endForDevice(SqlConnection conn, String deviceId, String reason) {
    return endWhere(conn, "WHERE s.device_id = $1", Tuple.of(deviceId, reason));
  }

  private Future<Integer> endWhere(SqlConnection conn, String where, Tuple args) {
    return endWhere(conn, "$2", where, args);
  }

  /**
   * Ends the open sessions {@code where} picks (from {@code card_session s}) for {@code reason}, an SQL expression. The
   * NOTIFYs go out when {@code conn}'s transaction commits; this instance forgets the sessions at once, too.
   */
  private Future<Integer> endWhere(SqlConnection conn, String reason, String where, Tuple args) {
    return conn.preparedQuery("UPDATE card_session s SET ended_at = now(), end_reason = " + reason + " " + where
            + " AND s.ended_at IS NULL RETURNING s.token_hash")
        .execute(args)
        .compose(rows -> {
          List<Tuple> notes = new java.util.ArrayList<>();
          for (Row row : rows) {
            byte[] hash = row.getBuffer(0).getBytes();
            invalidate(ByteBuffer.wrap(hash));
            notes.add(Tuple.of(CHANNEL, HexFormat.of().formatHex(hash)));
          }
          Future<?> notified = notes.isEmpty() ? Future.succeededFuture()
              : conn.preparedQuery("SELECT pg_notify($1, $2)").executeBatch(notes);
          return notified.map(v -> rows.rowCount());
        });
  }

  /** Forgets a session here; a read of it in flight since before must not put it back ({@link #putUnlessInvalidated}). */
  private void invalidate(ByteBuffer key) {
    invalidations.incrementAndGet();
    cache.synchronous().invalidate(key);
  }

  /**
   * Caches an entry read from PostgreSQL unless a session was forgotten since {@code generation} (taken before the
   * read): the read may have seen a session open that has ended since, and putting it back would serve it until
   * {@code cacheTtl}. False when not cached (the caller reads again). Caffeine's own loads need no such care: an
   * invalidation discards a load in flight.
   */
  private boolean putUnlessInvalidated(ByteBuffer key, Optional<Entry> entry, long generation) {
    if (invalidations.get() != generation) {
      return false;
    }
    cache.put(key, CompletableFuture.completedFuture(entry));
    if (invalidations.get() != generation) { // forgotten between the check and the put
      cache.synchronous().invalidate(key);
      return false;
    }
    return true;
  }

  private void onPing(String payload) {
    if (payload.startsWith(pingPrefix)) { // else another instance's
      try {
        pingHeard = Math.max(pingHeard, Long.parseLong(payload.substring(pingPrefix.length())));
      } catch (NumberFormatException e) {
        // not one of ours after all
      }
    }
  }

  private void onEnded(String payload) {
    byte[] hash;
    try {
      hash = HexFormat.of().parseHex(payload);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignored a malformed session-end notification");
      return;
    }
    invalidate(ByteBuffer.wrap(hash));
    endListeners.forEach(l -> l.accept(hash));
  }

  /**
   * Called with the token hash of every session ended explicitly (logout, card removed, officer locked or
   * deactivated, device revoked) on any instance, as its notification arrives here.
   */
  public void onSessionEnded(java.util.function.Consumer<byte[]> listener) {
    endListeners.add(listener);
  }

  /**
   * Which of {@code sessions} are still open: not ended, not past their lifetime, and used within the idle timeout,
   * going by the later of PostgreSQL's last-seen time (every instance's use, written at most every touchInterval)
   * and this instance's own, which may not be written down yet.
   */
  public Future<java.util.Set<UUID>> stillOpen(java.util.Collection<Session> sessions) {
    if (sessions.isEmpty()) {
      return Future.succeededFuture(java.util.Set.of());
    }
    java.util.Map<UUID, Long> seenHere = new java.util.HashMap<>();
    for (Session session : sessions) {
      lastSeenHere(session).ifPresent(seen -> seenHere.put(session.id(), seen));
    }
    Instant now = clock.instant();
    long idleSince = now.minus(config.idleTimeout()).toEpochMilli();
    // as the clean-up: PostgreSQL's last-seen time lags a session's use on another instance by up to touchInterval
    long idleSinceWritten = idleSince - config.touchInterval().toMillis();
    return pool.preparedQuery("SELECT id, last_seen_at FROM card_session WHERE id = ANY($1) AND ended_at IS NULL AND expires_at > $2")
        .execute(Tuple.of(sessions.stream().map(Session::id).distinct().toArray(UUID[]::new), utc(now)))
        .map(rows -> {
          java.util.Set<UUID> open = new java.util.HashSet<>();
          for (Row r : rows) {
            UUID id = r.getUUID(0);
            if (r.getOffsetDateTime(1).toInstant().toEpochMilli() >= idleSinceWritten
                || seenHere.getOrDefault(id, Long.MIN_VALUE) >= idleSince) {
              open.add(id);
            }
          }
          return open;
        });
  }

  /**
   * Ends, and tells every instance of, the sessions past their lifetime (EXPIRED), surely idle (IDLE), or left open by
   * a change that should have ended them (officer deactivated or locked, device revoked); forgets used challenges past
   * their expiry; counts the rest (the active-sessions gauge). PostgreSQL's last-seen time lags real use by up to touchInterval (each instance
   * writes it at most that often), so only a session unseen there for idleTimeout + touchInterval is surely idle; the
   * others end as they are next used.
   */
  Future<Void> cleanUp() {
    Instant at = clock.instant();
    OffsetDateTime idleBefore = utc(at.minus(config.idleTimeout()).minus(config.touchInterval()));
    OffsetDateTime now = utc(at);
    long forgetBefore = idleBefore.toInstant().toEpochMilli();
    writtenHere.values().removeIf(written -> written < forgetBefore);
    return pool.withTransaction(conn -> endWhere(conn, """
            CASE WHEN o.locked_at IS NOT NULL THEN 'OFFICER_LOCKED' WHEN NOT o.active THEN 'REVOKED'
                 WHEN d.revoked_at IS NOT NULL THEN 'DEVICE_REVOKED' WHEN s.expires_at <= $2 THEN 'EXPIRED' ELSE 'IDLE' END""", """
            FROM officer o, device d WHERE o.id = s.officer_id AND d.id = s.device_id
              AND (s.last_seen_at < $1 OR s.expires_at <= $2 OR NOT o.active OR o.locked_at IS NOT NULL OR d.revoked_at IS NOT NULL)""",
            Tuple.of(idleBefore, now)))
        // used challenges are kept an hour past their expiry: each instance judges expiry by its own clock, and one
        // forgotten while another's clock (behind, or stepped back) still takes it as unexpired could be replayed
        .compose(r -> pool.preparedQuery("DELETE FROM session_challenge_used WHERE expires_at < $1")
            .execute(Tuple.of(utc(at.minus(USED_CHALLENGES_KEPT)))))
        .compose(r -> pool.query("SELECT count(*) FROM card_session WHERE ended_at IS NULL").execute())
        .map(rows -> {
          active.set(rows.iterator().next().getLong(0));
          return (Void) null;
        })
        .onFailure(e -> LOG.atWarn().log("session clean-up failed: " + e.getClass().getSimpleName()));
  }

  static byte[] hash(String token) {
    return Sha256.of(token);
  }

  private static byte[] array(ByteBuffer key) {
    byte[] out = new byte[key.remaining()];
    key.duplicate().get(out);
    return out;
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

}
