package io.linkgate.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A constant-rate load generator (what wrk2 does and wrk does not): request i is due at {@code start + i/rate},
 * and its latency is counted from that due time, not from when a connection became free, so a server that stalls
 * is charged for the requests that queue behind the stall (no coordinated omission). One event loop, up to
 * {@code --connections} keep-alive connections. Prints one JSON line: rate asked and achieved, errors, and the
 * latency percentiles in microseconds.
 *
 * <p>{@code Bench constant-rate --url URL --rate R --seconds S [--connections 64] [--warmup-seconds 3]
 * [--headers-env NAME]}: {@code NAME} is an environment variable holding request headers, {@code Key: value}
 * lines, so that secrets never appear on a command line.
 */
public final class ConstantRate {

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Bench.options(args);
    URI url = URI.create(opts.get("url"));
    double rate = Double.parseDouble(opts.get("rate"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup-seconds", "3"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
    String headerText = opts.containsKey("headers-env") ? System.getenv().getOrDefault(opts.get("headers-env"), "") : "";

    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost()).setPort(url.getPort())
        .setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    for (String line : headerText.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        request.putHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    long total = (long) Math.ceil(rate * (warmup + seconds));
    long measuredFrom = (long) Math.ceil(rate * warmup);
    long[] latencies = new long[(int) (total - measuredFrom)];
    AtomicLong errors = new AtomicLong();
    AtomicLong done = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(1);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    double intervalNanos = 1e9 / rate;
    long[] next = {0};

    vertx.runOnContext(v -> vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (next[0] < total && start + (long) (next[0] * intervalNanos) <= now) {
        long i = next[0]++;
        long due = start + (long) (i * intervalNanos);
        client.request(request)
            .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
            .onComplete(ar -> {
              long latency = System.nanoTime() - due;
              if (ar.failed() || ar.result() != 200) {
                errors.incrementAndGet();
              }
              if (i >= measuredFrom) {
                latencies[(int) (i - measuredFrom)] = latency;
              }
              if (done.incrementAndGet() == total) {
                finished.countDown();
              }
            });
      }
      if (next[0] >= total) {
        vertx.cancelTimer(id);
      }
    }));
    boolean complete = finished.await(warmup + seconds + 30L, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    vertx.close().await();
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    JsonObject out = new JsonObject()
        .put("url", url.getScheme() + "://" + url.getHost() + ":" + url.getPort())
        .put("rateAsked", rate)
        .put("rateAchieved", Math.round(done.get() / (elapsed / 1e9)))
        .put("requests", total).put("completed", done.get()).put("errors", errors.get()).put("complete", complete)
        .put("p50us", pct(sorted, 50)).put("p90us", pct(sorted, 90)).put("p99us", pct(sorted, 99))
        .put("p999us", pct(sorted, 99.9)).put("maxUs", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000);
    System.out.println(out.encode());
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1000;
  }
}
