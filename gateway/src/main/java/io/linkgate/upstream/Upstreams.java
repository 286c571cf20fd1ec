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
import java.util.EnumMap;
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

  /** New settings: endpoints whose settings changed get fresh breakers and bulkheads; the others keep their state. */
  public synchronized void reconfigure(ResilienceConfig config) {
    for (ProtectedEndpoint endpoint : endpoints.values()) {
      if (!endpoint.state().config().equals(config)) {
        breakers.remove(endpoint.endpoint().id());
        bulkheads.remove(endpoint.endpoint().id());
        endpoint.replace(build(endpoint.endpoint(), config));
      }
    }
  }

  private ProtectedEndpoint.State build(UpstreamEndpoint e, ResilienceConfig c) {
    long[] openedAt = {0};
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
    Bulkhead bulkhead = bulkheads.bulkhead(e.id(), BulkheadConfig.custom()
        .maxConcurrentCalls(c.maxConcurrentCalls())
        .maxWaitDuration(Duration.ZERO)
        .writableStackTraceEnabled(false)
        .build());
    return new ProtectedEndpoint.State(c, breaker, bulkhead, new RetryBudget(c.retryBudget()), openedAt);
  }

  Vertx vertx() {
    return vertx;
  }
}
