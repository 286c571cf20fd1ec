package io.linkgate.upstream;

import io.linkgate.config.ConfigNode;
import java.time.Duration;

/** Circuit breaker, bulkhead and retry settings, the same for every upstream endpoint (each has its own instances). */
public record ResilienceConfig(
    float failureRateThreshold,
    Duration slowCallThreshold,
    float slowCallRateThreshold,
    int slidingWindow,
    int minimumCalls,
    Duration openDuration,
    int halfOpenCalls,
    int maxConcurrentCalls,
    int retries,
    double retryBudget,
    Duration retryBackoff) {

  public static ResilienceConfig from(ConfigNode node) {
    return new ResilienceConfig(
        (float) node.decimal("failureRateThreshold", 1, 100),
        node.duration("slowCallThreshold", Duration.ofMillis(1), Duration.ofMinutes(5)),
        (float) node.decimal("slowCallRateThreshold", 1, 100),
        node.integer("slidingWindow", 1, 10_000),
        node.integer("minimumCalls", 1, 10_000),
        node.duration("openDuration", Duration.ofMillis(100), Duration.ofHours(1)),
        node.integer("halfOpenCalls", 1, 1000),
        node.integer("maxConcurrentCalls", 1, 100_000),
        node.integer("retries", 0, 5),
        node.decimal("retryBudget", 0, 1),
        node.duration("retryBackoff", Duration.ZERO, Duration.ofSeconds(10)));
  }
}
