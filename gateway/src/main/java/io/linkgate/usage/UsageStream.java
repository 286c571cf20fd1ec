package io.linkgate.usage;

import io.linkgate.http.ProblemException;
import io.linkgate.registry.Officer;
import io.linkgate.registry.OfficerRepository;
import io.linkgate.session.Session;
import io.linkgate.session.SessionStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live usage stream (server-sent events). Shippers on every instance announce each batch they commit
 * (NOTIFY); this instance fetches those records once and pushes them to its subscribers, filtered. A
 * subscriber that cannot keep up is dropped: the stream never slows down lookups or other subscribers.
 * Records go out without citizen IDs (only their keyed hash). A stream ends with its reader's card session:
 * at once when the session is ended (logout, card removed, officer locked, device revoked), within the 15-second
 * keep-alive tick when it goes idle or reaches its lifetime; the last event is {@code session-ended}. At the same tick
 * each reader's roles and overseen services are read again: a reader who may no longer read everything the stream was
 * opened with (a role or a service taken away) gets a last event {@code access-changed} and the stream ends.
 */
public final class UsageStream {

  private static final Logger LOG = LoggerFactory.getLogger(UsageStream.class);
  static final int MAX_SUBSCRIBERS = 100;

  /** What a subscriber wants; null fields match everything. */
  public record Filter(String agency, String service, String outcome, String dataset) {
  }

  private record Subscriber(HttpServerResponse response, Session session, UsageAccess access, Filter filter) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final SessionStore sessions;
  private final OfficerRepository officers;
  private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
  private final AtomicLong dropped;
  private final int maxLag;
  /** Batches are fetched as their notifications arrive but fanned out in that order: the last one's delivery. */
  private Future<Void> delivered = Future.succeededFuture();
  private PgSubscriber listener;
  private long heartbeat = -1;

  public UsageStream(Vertx vertx, Pool pool, PgConnectOptions connectOptions, SessionStore sessions, OfficerRepository officers,
                     long maxLag, MeterRegistry registry) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.officers = officers;
    this.maxLag = (int) Math.min(Integer.MAX_VALUE, maxLag);
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.dropped = new AtomicLong();
    Gauge.builder("linkgate.usage.stream.subscribers", subscribers, Set::size)
        .description("Live usage-stream readers on this instance").register(registry);
    FunctionCounter.builder("linkgate.usage.stream.dropped", dropped, AtomicLong::doubleValue)
        .description("Live usage-stream readers dropped for lagging more than usage.streamMaxLag").register(registry);
  }

  public io.vertx.core.Future<Void> start() {
    listener = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(n -> Math.min(2000L, 100L * (n + 1)));
    listener.channel(Shipper.CHANNEL).handler(this::shipped);
    heartbeat = vertx.setPeriodic(15_000, id -> {
      subscribers.forEach(s -> send(s, ": keep-alive\n\n"));
      checkReaders();
    });
    // a reader's stream lasts as long as the card session it was opened with
    sessions.onSessionEnded(tokenHash -> subscribers.stream().filter(s -> Arrays.equals(s.session().tokenHash(), tokenHash))
        .forEach(s -> end(s, "session-ended")));
    return listener.connect();
  }

  public io.vertx.core.Future<Void> close() {
    if (heartbeat >= 0) {
      vertx.cancelTimer(heartbeat);
    }
    subscribers.forEach(s -> s.response().end());
    return listener == null ? io.vertx.core.Future.succeededFuture() : listener.close();
  }

  void subscribe(RoutingContext ctx, Session session, UsageAccess access, Filter filter) {
    if (subscribers.size() >= MAX_SUBSCRIBERS) {
      ctx.fail(io.linkgate.http.Problems.UNAVAILABLE.exception("Too many live usage streams are open; try again later.")
          .header("Retry-After", "30"));
      return;
    }
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no")
        .setWriteQueueMaxSize(maxLag);
    Subscriber s = new Subscriber(response, session, access, filter);
    subscribers.add(s);
    response.closeHandler(v -> subscribers.remove(s));
    response.exceptionHandler(e -> subscribers.remove(s));
    response.write(": linkgate usage stream\n\n");
  }

  /** A batch {@code instance:fromSeq:toSeq} was committed somewhere: fetch it once, fan it out. */
  private void shipped(String note) {
    if (subscribers.isEmpty()) {
      return;
    }
    String[] parts = note.split(":");
    if (parts.length != 3) {
      return;
    }
    long from;
    long to;
    try {
      from = Long.parseLong(parts[1]);
      to = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return;
    }
    // two fetches in flight may complete in either order; readers must get the records in chain order
    Future<RowSet<Row>> rows = pool.preparedQuery("SELECT " + UsageRows.COLUMNS
            + " FROM usage_log WHERE instance_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq")
        .execute(Tuple.of(parts[0], from, to));
    delivered = delivered.transform(previous -> rows)
        .onSuccess(this::fanOut)
        .onFailure(e -> LOG.atWarn().log("could not read shipped usage records for the stream: " + e.getClass().getSimpleName()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void fanOut(RowSet<Row> rows) {
    for (Row row : rows) {
      JsonObject json = UsageRows.json(row, null);
      String event = "id: " + json.getString("id") + "\nevent: usage\ndata: " + json.encode() + "\n\n";
      for (Subscriber s : subscribers) {
        if (matches(s, json)) {
          send(s, event);
        }
      }
    }
  }

  private static boolean matches(Subscriber s, JsonObject r) {
    String service = r.getString("service");
    // a refusal before the service is known has none; Set.copyOf sets throw on contains(null)
    if (!s.access().all() && (service == null || !s.access().services().contains(service))) {
      return false;
    }
    Filter f = s.filter();
    return (f.agency() == null || f.agency().equals(r.getString("agency")))
        && (f.service() == null || f.service().equals(r.getString("service")))
        && (f.outcome() == null || f.outcome().equals(r.getString("outcome")))
        && (f.dataset() == null || f.dataset().equals(r.getString("dataset")));
  }

  /**
   * Ends the streams whose sessions went idle or reached their lifetime (those end without a notification), then
   * those whose reader may no longer read everything the stream was opened with (roles or services changed since).
   */
  Future<Void> checkReaders() {
    if (subscribers.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Subscriber> readers = List.copyOf(subscribers);
    return sessions.stillOpen(readers.stream().map(Subscriber::session).toList())
        .compose(open -> {
          readers.stream().filter(s -> !open.contains(s.session().id())).forEach(s -> end(s, "session-ended"));
          return endNarrowed(readers.stream().filter(s -> open.contains(s.session().id())).toList());
        })
        .onFailure(e -> LOG.atWarn().log("could not check the sessions of usage-stream readers: " + e.getClass().getSimpleName()));
  }

  private Future<Void> endNarrowed(List<Subscriber> readers) {
    List<UUID> ids = readers.stream().map(s -> s.session().officer().id()).distinct().toList();
    List<Future<Optional<Officer>>> reads = ids.stream().map(officers::findById).toList();
    return Future.all(reads).map(done -> {
      Map<UUID, Optional<Officer>> now = new java.util.HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        now.put(ids.get(i), reads.get(i).result());
      }
      for (Subscriber s : readers) {
        if (!stillCovered(s, now.get(s.session().officer().id()))) {
          end(s, "access-changed");
        }
      }
      return null;
    });
  }

  private static boolean stillCovered(Subscriber s, Optional<Officer> officer) {
    if (officer.isEmpty() || !officer.get().active()) {
      return false;
    }
    try {
      return UsageAccess.of(officer.get(), true).covers(s.access());
    } catch (ProblemException e) {
      return false; // no longer any access to the stream
    }
  }

  /** Tells the reader why its stream ends ({@code session-ended}, {@code access-changed}), then closes it. */
  private void end(Subscriber s, String event) {
    if (subscribers.remove(s) && !s.response().closed()) {
      s.response().write("event: " + event + "\ndata: {}\n\n");
      s.response().end();
    }
  }

  private void send(Subscriber s, String text) {
    if (s.response().closed()) {
      subscribers.remove(s);
      return;
    }
    if (s.response().writeQueueFull()) {
      subscribers.remove(s);
      dropped.incrementAndGet();
      s.response().reset();
      return;
    }
    s.response().write(text);
  }
}
