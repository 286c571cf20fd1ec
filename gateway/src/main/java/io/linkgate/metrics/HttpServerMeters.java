package io.linkgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP servers' meters, under the names and tags Vert.x's Micrometer binding gives them
 * ({@code vertx_http_server_requests_total}, {@code vertx_http_server_response_time_seconds},
 * {@code vertx_http_server_active_requests}, {@code vertx_http_server_active_connections}), with every meter
 * looked up once and kept: the binding found its meters in the registry on every request (a gauge, a timer, a
 * counter and two size summaries), ~3.4 % of a cache hit's CPU. Tags are bounded: the route template (never the
 * path), the method (unknown ones as {@code OTHER}) and the status code.
 */
final class HttpServerMeters implements HttpServerMetrics<HttpServerMeters.Request, Void, Void> {

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
      "CONNECT");

  private final MeterRegistry registry;
  private final AtomicLong connections = new AtomicLong();
  private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();
  private final Map<Key, Answered> answered = new ConcurrentHashMap<>();

  HttpServerMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("vertx.http.server.active.connections", connections, AtomicLong::get)
        .description("Number of opened connections to the server")
        .register(registry);
  }

  /** One request: its method, start and the route templates it went through. */
  static final class Request {
    final String method;
    final AtomicLong active;
    final long startNanos = System.nanoTime();
    String route = "";
    boolean done;

    Request(String method, AtomicLong active) {
      this.method = method;
      this.active = active;
    }

    void finish() {
      if (!done) {
        done = true;
        active.decrementAndGet();
      }
    }
  }

  private record Key(String route, String method, int status) {
  }

  private record Answered(Counter count, Timer time) {
  }

  @Override
  public Void connected(SocketAddress remoteAddress, String remoteName) {
    connections.incrementAndGet();
    return null;
  }

  @Override
  public void disconnected(Void socketMetric, SocketAddress remoteAddress) {
    connections.decrementAndGet();
  }

  @Override
  public Request requestBegin(Void socketMetric, HttpRequest request) {
    String method = request.method().name();
    if (!METHODS.contains(method)) {
      method = "OTHER"; // a client may send any token as a method; a tag must not grow with them
    }
    AtomicLong gauge = active.computeIfAbsent(method, this::activeGauge);
    gauge.incrementAndGet();
    return new Request(method, gauge);
  }

  private AtomicLong activeGauge(String method) {
    AtomicLong value = new AtomicLong();
    Gauge.builder("vertx.http.server.active.requests", value, AtomicLong::get)
        .description("Number of requests being processed")
        .tag("method", method)
        .register(registry);
    return value;
  }

  @Override
  public void requestRouted(Request request, String route) {
    if (route != null) {
      request.route = request.route.isEmpty() ? route : request.route + ">" + route;
    }
  }

  @Override
  public void requestReset(Request request) {
    request.finish();
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    if (request.done) {
      return;
    }
    request.finish();
    Answered meters = answered.computeIfAbsent(new Key(request.route, request.method, response.statusCode()), this::answered);
    meters.count().increment();
    meters.time().record(System.nanoTime() - request.startNanos, TimeUnit.NANOSECONDS);
  }

  private Answered answered(Key key) {
    String code = Integer.toString(key.status());
    return new Answered(
        Counter.builder("vertx.http.server.requests").description("Number of processed requests")
            .tags("route", key.route(), "method", key.method(), "code", code).register(registry),
        Timer.builder("vertx.http.server.response.time").description("Request processing time")
            .tags("route", key.route(), "method", key.method(), "code", code).register(registry));
  }
}
