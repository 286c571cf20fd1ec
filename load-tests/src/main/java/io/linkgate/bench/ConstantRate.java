package io.linkgate.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A constant-rate load generator (what wrk2 does and wrk does not): request i is due at {@code start + i/rate},
 * and its latency is counted from that due time, not from when a connection became free, so a server that stalls
 * is charged for the requests that queue behind the stall (no coordinated omission). Two delays before a request
 * is written are reported apart: how late the client's own timer woke for it ({@code timerLag}: the client shares
 * a CPU with the sandbox and the database stand-in, and its own delays would otherwise read as the server's), and
 * how long it then waited for a free connection ({@code connWait}: every connection busy with an earlier request,
 * i.e. the server's queueing, which stays in its latency).
 *
 * <p>A request not answered within {@code --timeout-ms} (5,000, wrk's {@code --timeout}) of being written is an
 * error: its connection is closed and its latency is the time waited. A request still unanswered when the run
 * gives up (twice the timeout after the last one was due) is an error too, counted in {@code unfinished}, with the
 * time it had waited as its latency; a request never counts as 0 µs.
 *
 * <p>It speaks HTTP/1.1 over plain TCP itself: the request's bytes are encoded once, each response is framed by
 * {@link ResponseFraming} and not parsed further. Vert.x's {@code HttpClient} cost about 50 µs of CPU per request
 * on this machine's client CPU, which at the half-load rate left the CPU that also runs the sandbox and the database
 * nearly full. One event loop, up to {@code --connections} keep-alive connections, one request at a time on each.
 * Prints one JSON line: rate asked and achieved, errors, latency percentiles in microseconds.
 *
 * <p>{@code Bench constant-rate --url URL --rate R --seconds S [--connections 64] [--warmup-seconds 3]
 * [--timeout-ms 5000] [--headers-env NAME]}: {@code NAME} is an environment variable holding request headers, {@code Key: value}
 * lines, so that secrets never appear on a command line.
 */
public final class ConstantRate {

  private final Vertx vertx;
  private final NetClient client;
  private final URI url;
  private final Buffer requestBytes;
  private final int maxConnections;
  private final long total;
  private final long measuredFrom;
  private final long start;
  private final double intervalNanos;
  private final long[] latencies;
  /** Per measured request: how late the timer woke for it, then how long it waited for a connection (ns). */
  private final long[] timerLags;
  private final long[] connWaits;
  private final long timeoutNanos;
  private final Set<Connection> connections = new HashSet<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  /** Requests due and not yet sent: indexes {@code [waitingFrom, next)} (they are due in index order). */
  private long waitingFrom;
  private long next;
  private long done;
  private long errors;
  private long timeouts;
  /** Connections open or being opened. */
  private int open;
  private int connecting;

  private ConstantRate(Vertx vertx, URI url, Buffer requestBytes, int maxConnections, double rate, int warmup,
      int seconds, long timeoutMillis) {
    this.vertx = vertx;
    this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5_000));
    this.url = url;
    this.requestBytes = requestBytes;
    this.maxConnections = maxConnections;
    this.total = (long) Math.ceil(rate * (warmup + seconds));
    this.measuredFrom = (long) Math.ceil(rate * warmup);
    this.latencies = new long[(int) (total - measuredFrom)];
    Arrays.fill(latencies, -1);
    this.timerLags = new long[latencies.length];
    this.connWaits = new long[latencies.length];
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    this.intervalNanos = 1e9 / rate;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Bench.options(args);
    URI url = URI.create(opts.get("url"));
    double rate = Double.parseDouble(opts.get("rate"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup-seconds", "3"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
    long timeoutMillis = Long.parseLong(opts.getOrDefault("timeout-ms", "5000"));
    String headerText = opts.containsKey("headers-env") ? System.getenv().getOrDefault(opts.get("headers-env"), "") : "";

    System.out.println(run(url, headerText, rate, warmup, seconds, connections, timeoutMillis).encode());
  }

  /** Runs the load and returns its summary (the JSON line {@link #main} prints). */
  static JsonObject run(URI url, String headerText, double rate, int warmup, int seconds, int connections,
      long timeoutMillis) throws InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      ConstantRate run = new ConstantRate(vertx, url, request(url, headerText), connections, rate, warmup, seconds,
          timeoutMillis);
      vertx.runOnContext(v -> {
        vertx.setPeriodic(1, run::tick);
        vertx.setPeriodic(Math.max(1, timeoutMillis / 10), t -> run.expire());
      });
      boolean complete = run.finished.await(TimeUnit.SECONDS.toMillis(warmup + seconds) + 2 * timeoutMillis + 50,
          TimeUnit.MILLISECONDS);
      // read on the loop: the counters are the loop's
      Promise<JsonObject> result = Promise.promise();
      vertx.runOnContext(v -> result.complete(run.result(complete, System.nanoTime())));
      return result.future().await();
    } finally {
      vertx.close().await();
    }
  }

  /** The request's bytes, encoded once: a GET of the URL's path and query with the given header lines. */
  static Buffer request(URI url, String headerText) {
    StringBuilder head = new StringBuilder("GET ").append(url.getRawPath())
        .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
    for (String line : headerText.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        head.append(line, 0, colon).append(": ").append(line.substring(colon + 1).trim()).append("\r\n");
      }
    }
    return Buffer.buffer(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Every millisecond: the requests now due, each on an idle connection, a new one, or waiting for one. */
  private void tick(long timer) {
    long now = System.nanoTime();
    while (next < total && dueTime(next) <= now) {
      if (next >= measuredFrom) {
        timerLags[(int) (next - measuredFrom)] = now - dueTime(next);
      }
      next++;
    }
    dispatch();
    if (next >= total) {
      vertx.cancelTimer(timer);
    }
  }

  private long dueTime(long i) {
    return start + (long) (i * intervalNanos);
  }

  private void dispatch() {
    while (waitingFrom < next && !idle.isEmpty()) {
      send(idle.pop(), waitingFrom++);
    }
    // a connection being opened takes the first request still waiting once it is up
    while (waitingFrom + connecting < next && open < maxConnections) {
      open++;
      connecting++;
      client.connect(url.getPort(), url.getHost()).onComplete(ar -> {
        connecting--;
        if (ar.succeeded()) {
          Connection c = new Connection(ar.result());
          connections.add(c);
          idle.push(c);
        } else {
          open--;
          if (waitingFrom < next) {
            finish(waitingFrom++, false); // one request fails per failed connection attempt
          }
        }
        dispatch();
      });
    }
  }

  private void send(Connection c, long i) {
    long now = System.nanoTime();
    c.index = i;
    c.sentAt = now;
    if (i >= measuredFrom) {
      int m = (int) (i - measuredFrom);
      connWaits[m] = Math.max(0, now - dueTime(i) - timerLags[m]);
    }
    c.socket.write(requestBytes);
  }

  /** Closes every connection whose request has waited longer than the timeout since it was written. */
  private void expire() {
    long now = System.nanoTime();
    for (Connection c : connections.toArray(new Connection[0])) {
      if (c.index >= 0 && now - c.sentAt > timeoutNanos) {
        timeouts++;
        c.lost();
        c.socket.close();
      }
    }
  }

  private void finish(long i, boolean ok) {
    long latency = System.nanoTime() - dueTime(i);
    if (!ok) {
      errors++;
    }
    if (i >= measuredFrom) {
      latencies[(int) (i - measuredFrom)] = latency;
    }
    if (++done == total) {
      finished.countDown();
    }
  }

  /** One keep-alive connection and the request on it ({@code index} -1 when idle). */
  private final class Connection {
    final NetSocket socket;
    Buffer pending = Buffer.buffer();
    long index = -1;
    long sentAt;
    boolean closed;

    Connection(NetSocket socket) {
      this.socket = socket;
      socket.handler(this::received);
      socket.closeHandler(v -> lost());
      socket.exceptionHandler(e -> socket.close());
    }

    private void received(Buffer data) {
      pending.appendBuffer(data);
      try {
        ResponseFraming.Response r;
        while (index >= 0 && (r = ResponseFraming.next(pending)) != null) {
          pending = r.length() == pending.length() ? Buffer.buffer(1024) : pending.getBuffer(r.length(), pending.length());
          long i = index;
          index = -1;
          finish(i, r.status() == 200);
          if (r.close()) {
            socket.close();
            return;
          }
          idle.push(this);
          dispatch();
        }
        if (index < 0 && pending.length() > 0) {
          throw new IllegalStateException("bytes from the server with no request outstanding");
        }
      } catch (RuntimeException e) {
        socket.close();
      }
    }

    private void lost() {
      if (closed) {
        return;
      }
      closed = true;
      open--;
      connections.remove(this);
      idle.remove(this);
      if (index >= 0) {
        long i = index;
        index = -1;
        finish(i, false);
      }
      dispatch();
    }
  }

  /**
   * The summary at {@code now}: a request still unanswered is an error, its latency the time it has waited since it
   * was due.
   */
  private JsonObject result(boolean complete, long now) {
    long[] sorted = latencies.clone();
    // the same latencies counted from when the client's timer woke for each request instead of its due time: what
    // is left when the client's own lateness is taken out (the wait for a free connection stays)
    long[] fromTimer = new long[sorted.length];
    for (int m = 0; m < sorted.length; m++) {
      if (sorted[m] < 0) {
        sorted[m] = Math.max(0, now - dueTime(measuredFrom + m));
      }
      fromTimer[m] = Math.max(0, sorted[m] - timerLags[m]);
    }
    Arrays.sort(sorted);
    Arrays.sort(fromTimer);
    long[] lags = timerLags.clone();
    Arrays.sort(lags);
    long[] waits = connWaits.clone();
    Arrays.sort(waits);
    long unfinished = total - done;
    return new JsonObject()
        .put("url", url.getScheme() + "://" + url.getHost() + ":" + url.getPort())
        .put("rateAsked", 1e9 / intervalNanos)
        .put("rateAchieved", Math.round(done / ((now - start) / 1e9)))
        .put("requests", total).put("completed", done).put("errors", errors + unfinished)
        .put("timeouts", timeouts).put("unfinished", unfinished).put("complete", complete)
        .put("p50us", pct(sorted, 50)).put("p90us", pct(sorted, 90)).put("p99us", pct(sorted, 99))
        .put("p999us", pct(sorted, 99.9)).put("maxUs", pct(sorted, 100))
        .put("fromTimerP50us", pct(fromTimer, 50)).put("fromTimerP99us", pct(fromTimer, 99))
        .put("timerLagP99us", pct(lags, 99)).put("timerLagMaxUs", pct(lags, 100))
        .put("connWaitP99us", pct(waits, 99)).put("connWaitMaxUs", pct(waits, 100));
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1000;
  }
}
