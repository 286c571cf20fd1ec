package io.linkgate.upstream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The protected upstream endpoints: one Resilience4j circuit breaker and bulkhead each, reconfigurable at run time. */
public final class Upstreams {

  private final Vertx vertx;
  private final Clock clock;
  private final MeterRegistry registry;
  private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
  private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
  private final Map<UpstreamEndpoint, ProtectedEndpoint> endpoints = new EnumMap<>(UpstreamEndpoint.class);

  public Upstreams(Vertx vertx, ResilienceConfig config, Clock clock, MeterRegistry registry) {
    this.vertx = vertx;
    this.clock = clock;
    this.registry = registry;
    for (UpstreamEndpoint e : UpstreamEndpoint.values()) {
      endpoints.put(e, new ProtectedEndpoint(e, vertx, clock, registry, build(e, config)));
    }
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
  }

  public ProtectedEndpoint endpoint(UpstreamEndpoint e) {
    return endpoints.get(e);
  }

  /**
   * New resilience settings. A breaker is rebuilt (and so closed) only when its own settings change; the bulkhead
   * takes a new limit in place, calls in flight still counted; retry settings alone leave both as they are. An
   * operator raising the bulkhead or the retries during an outage must not let traffic through an open breaker.
   * Every endpoint's other settings apply first; then the raised bulkheads, then the lowered ones, each of which
   * waits (on this thread, never an event loop) for the calls in flight above its new limit to end, new calls
   * refused meanwhile: one busy endpoint's lowering does not hold back the rest of the reload.
   */
  public synchronized void reconfigure(ResilienceConfig config) {
    List<Runnable> raised = new ArrayList<>();
    List<Runnable> lowered = new ArrayList<>();
    for (ProtectedEndpoint endpoint : endpoints.values()) {
      ProtectedEndpoint.State s = endpoint.state();
      ResilienceConfig old = s.config();
      if (old.equals(config)) {
        continue;
      }
      CircuitBreaker breaker = s.breaker();
      long[] openedAt = s.openedAt();
      if (!breakerSettings(old).equals(breakerSettings(config))) {
        breakers.remove(endpoint.endpoint().id());
        openedAt = new long[] {0};
        breaker = breaker(endpoint.endpoint(), config, openedAt);
      }
      Bulkhead bulkhead = s.bulkhead();
      if (config.maxConcurrentCalls() > old.maxConcurrentCalls()) {
        raised.add(() -> bulkhead.changeConfig(bulkheadConfig(config)));
      } else if (config.maxConcurrentCalls() < old.maxConcurrentCalls()) {
        lowered.add(() -> bulkhead.changeConfig(bulkheadConfig(config)));
      }
      endpoint.replace(new ProtectedEndpoint.State(config, breaker, bulkhead, new RetryBudget(config.retryBudget()), openedAt));
    }
    raised.forEach(Runnable::run);
    lowered.forEach(Runnable::run);
  }

  private static List<Object> breakerSettings(ResilienceConfig c) {
    return List.of(c.failureRateThreshold(), c.slowCallThreshold(), c.slowCallRateThreshold(), c.slidingWindow(), c.minimumCalls(),
        c.openDuration(), c.halfOpenCalls());
  }

  private static BulkheadConfig bulkheadConfig(ResilienceConfig c) {
    return BulkheadConfig.custom()
        .maxConcurrentCalls(c.maxConcurrentCalls())
        .maxWaitDuration(Duration.ZERO)
        // fair: while a lowered limit waits for the calls in flight above it, new calls are refused rather than
        // taking the places it waits for (unfair, it could wait for as long as traffic lasts)
        .fairCallHandlingStrategyEnabled(true)
        .writableStackTraceEnabled(false)
        .build();
  }

  private ProtectedEndpoint.State build(UpstreamEndpoint e, ResilienceConfig c) {
    long[] openedAt = {0};
    CircuitBreaker breaker = breaker(e, c, openedAt);
    Bulkhead bulkhead = bulkheads.bulkhead(e.id(), bulkheadConfig(c));
    return new ProtectedEndpoint.State(c, breaker, bulkhead, new RetryBudget(c.retryBudget()), openedAt);
  }

  private CircuitBreaker breaker(UpstreamEndpoint e, ResilienceConfig c, long[] openedAt) {
    CircuitBreaker breaker = breakers.circuitBreaker(e.id(), CircuitBreakerConfig.custom()
        .failureRateThreshold(c.failureRateThreshold())
        .slowCallDurationThreshold(c.slowCallThreshold())
        .slowCallRateThreshold(c.slowCallRateThreshold())
        .slidingWindow(c.slidingWindow(), Math.min(c.minimumCalls(), c.slidingWindow()), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .waitDurationInOpenState(c.openDuration())
        .permittedNumberOfCallsInHalfOpenState(c.halfOpenCalls())
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build());
    breaker.getEventPublisher().onStateTransition(event -> {
      if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
        openedAt[0] = clock.millis();
      }
    });
    return breaker;
  }

  Vertx vertx() {
    return vertx;
  }
}
