package io.linkgate.upstream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One upstream endpoint behind its circuit breaker and bulkhead. A call first asks the breaker (open: 503
 * with Retry-After at once), then the bulkhead (full: 503 at once), then runs; 5xx answers, timeouts and
 * connection errors count as failures, 4xx and Linkage refusals do not. Idempotent reads get a bounded
 * number of retries, paid from a retry budget, never while the breaker is open, and only while the caller's
 * {@link Deadline} leaves time after the backoff.
 */
public final class ProtectedEndpoint {

  private final UpstreamEndpoint endpoint;
  private final Vertx vertx;
  private final Clock clock;
  private final MeterRegistry registry;
  // one timer per outcome, registered on first use (building and registering one per call cost a lookup per request)
  /** The outcome tags of {@code linkgate.upstream.requests}. */
  static final java.util.List<String> OUTCOMES =
      java.util.List.of("ok", "client_error", "error", "timeout", "unreachable", "circuit_open", "bulkhead_full");

  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter retries;
  private volatile State state;

  /** The replaceable part: reloading the settings swaps it when they changed. */
  record State(ResilienceConfig config, CircuitBreaker breaker, Bulkhead bulkhead, RetryBudget budget, long[] openedAt) {
  }

  ProtectedEndpoint(UpstreamEndpoint endpoint, Vertx vertx, Clock clock, MeterRegistry registry, State state) {
    this.endpoint = endpoint;
    this.vertx = vertx;
    this.clock = clock;
    this.registry = registry;
    this.state = state;
    // every outcome's series from start-up, at 0: a dashboard's increase() then counts the first timeout or
    // error of a quiet upstream (a series born at 1 shows no increase)
    OUTCOMES.forEach(this::timer);
    this.retries = Counter.builder("linkgate.upstream.retries").description("Upstream calls retried, by upstream")
        .tag("upstream", endpoint.id()).register(registry);
  }

  public UpstreamEndpoint endpoint() {
    return endpoint;
  }

  State state() {
    return state;
  }

  void replace(State next) {
    state = next;
  }

  /** The settings in force (a reload's, as soon as it applies them). */
  public ResilienceConfig config() {
    return state.config();
  }

  public CircuitBreaker.State breakerState() {
    return state.breaker().getState();
  }

  /** Runs {@code action} under the breaker and bulkhead; retries an idempotent read once per budget. */
  public Future<UpstreamResponse> call(boolean idempotent, Supplier<Future<UpstreamResponse>> action) {
    return call(idempotent, Deadline.NONE, action, r -> false);
  }

  /**
   * As {@link #call(boolean, Supplier)}, for calls that end by {@code deadline} ({@code action} makes its calls within
   * it: no retry is started that the deadline would cut before it began), to an upstream that reports its own failures
   * inside an HTTP 200 (the Linkage Center's status codes for its back end timing out or failing, a GDX check's answer
   * without its verdict): {@code failedAnswer} tells them, and they count for the breaker and the metrics as the
   * failures they are. The answer itself is handed back, for the caller to turn into its problem.
   */
  public Future<UpstreamResponse> call(boolean idempotent, Deadline deadline, Supplier<Future<UpstreamResponse>> action,
                                       java.util.function.Predicate<UpstreamResponse> failedAnswer) {
    State s = state;
    s.budget().deposit();
    return attempt(s, action, failedAnswer).recover(failure -> {
      if (!idempotent || s.config().retries() == 0 || !retriable(failure) || !deadline.leaves(s.config().retryBackoff().toMillis())
          || !s.budget().tryWithdraw()) {
        return Future.failedFuture(failure);
      }
      return retry(s, deadline, action, failedAnswer, s.config().retries());
    });
  }

  private Future<UpstreamResponse> retry(State s, Deadline deadline, Supplier<Future<UpstreamResponse>> action,
                                         java.util.function.Predicate<UpstreamResponse> failedAnswer, int left) {
    Promise<Void> waited = Promise.promise();
    long backoff = s.config().retryBackoff().toMillis();
    if (backoff > 0) {
      vertx.setTimer(backoff, id -> waited.complete());
    } else {
      waited.complete();
    }
    return waited.future().compose(v -> {
      retries.increment();
      return attempt(s, action, failedAnswer);
    }).recover(failure -> left > 1 && retriable(failure) && deadline.leaves(backoff) && s.budget().tryWithdraw()
        ? retry(s, deadline, action, failedAnswer, left - 1) : Future.failedFuture(failure));
  }

  /** A retry makes sense after a failure of the call itself, not after the breaker or bulkhead said no. */
  private static boolean retriable(Throwable failure) {
    return failure instanceof io.linkgate.http.ProblemException p
        && (p.type() == UpstreamProblems.UNAVAILABLE || p.type() == UpstreamProblems.TIMEOUT || p.type() == UpstreamProblems.ERROR);
  }

  private Future<UpstreamResponse> attempt(State s, Supplier<Future<UpstreamResponse>> action,
                                           java.util.function.Predicate<UpstreamResponse> failedAnswer) {
    CircuitBreaker breaker = s.breaker();
    if (!breaker.tryAcquirePermission()) {
      record("circuit_open", 0);
      return Future.failedFuture(UpstreamProblems.CIRCUIT_OPEN.exception(
              "Calls to the " + endpoint.id() + " upstream are suspended after repeated failures; retry later.")
          .header("Retry-After", Long.toString(retryAfterSeconds(s))));
    }
    if (!s.bulkhead().tryAcquirePermission()) {
      breaker.releasePermission();
      record("bulkhead_full", 0);
      return Future.failedFuture(UpstreamProblems.BUSY.exception(
          "Too many calls to the " + endpoint.id() + " upstream are in flight; retry shortly.").header("Retry-After", "1"));
    }
    long start = System.nanoTime();
    Future<UpstreamResponse> call;
    try {
      call = action.get();
    } catch (RuntimeException e) {
      call = Future.failedFuture(e);
    }
    return call.transform(ar -> {
      s.bulkhead().onComplete();
      long elapsed = System.nanoTime() - start;
      if (ar.succeeded()) {
        int status = ar.result().statusCode();
        if (status >= 500) {
          breaker.onError(elapsed, TimeUnit.NANOSECONDS, new IllegalStateException("HTTP " + status));
          record("error", elapsed);
          return Future.failedFuture(UpstreamProblems.ERROR.exception(
              "The " + endpoint.id() + " upstream answered HTTP " + status + ".").with("upstreamStatus", status));
        }
        if (status < 400 && failedAnswer.test(ar.result())) {
          breaker.onError(elapsed, TimeUnit.NANOSECONDS, new IllegalStateException("a failure reported in the answer"));
          record("error", elapsed);
          return Future.succeededFuture(ar.result());
        }
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        record(status >= 400 ? "client_error" : "ok", elapsed);
        return Future.succeededFuture(ar.result());
      }
      Throwable failure = GdxClient.translate(ar.cause());
      if (failure instanceof io.linkgate.http.ProblemException p && p.type() == GdxClient.UPSTREAM_REFUSED) {
        // GDX answered, with a 4xx for this call's credentials (one officer's agent id, say): like any 4xx, not a
        // failure of the upstream, and it must not cut every other officer off
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        record("client_error", elapsed);
        return Future.failedFuture(failure);
      }
      if (GdxClient.isTokenCallFailure(failure)) {
        // GDX's token service answered 5xx: this endpoint was not called, and officers holding a token are served
        // meanwhile; the call neither fails nor clears the breaker (a token call's timeout or refused connection
        // does count: the host is down for every call)
        breaker.releasePermission();
      } else {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
      }
      record(failure instanceof io.linkgate.http.ProblemException p
          ? p.type() == UpstreamProblems.TIMEOUT ? "timeout" : p.type() == UpstreamProblems.ERROR ? "error" : "unreachable"
          : "unreachable", elapsed);
      return Future.failedFuture(failure);
    });
  }

  private long retryAfterSeconds(State s) {
    long openedAt = s.openedAt()[0];
    long remaining = s.config().openDuration().toMillis() - (clock.millis() - openedAt);
    return Math.max(1, (long) Math.ceil(Math.max(0, remaining) / 1000.0));
  }

  private void record(String outcome, long nanos) {
    timer(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The outcome's timer (each one registered at construction, see the constructor). */
  private Timer timer(String outcome) {
    return timers.computeIfAbsent(outcome, o -> Timer.builder("linkgate.upstream.requests")
        .description("Calls to an upstream endpoint, timed, by outcome")
        .tags("upstream", endpoint.id(), "outcome", o)
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5).dividedBy(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
        .register(registry));
  }

}
