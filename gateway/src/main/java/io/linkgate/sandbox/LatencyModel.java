package io.linkgate.sandbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Log-normal upstream latency given by its median and 99th percentile, both bounded as in the configuration
 * (median up to 30 s, p99 up to 60 s); a sample never exceeds {@link #MAX_SAMPLE}.
 */
record LatencyModel(Duration median, Duration p99) {

  static final Duration MAX_MEDIAN = Duration.ofSeconds(30);
  static final Duration MAX_P99 = Duration.ofSeconds(60);
  /** The longest a sample can be: the log-normal tail beyond p99 is cut here. */
  static final Duration MAX_SAMPLE = MAX_P99;
  private static final double Z99 = 2.326;

  LatencyModel {
    if (median.isNegative() || median.compareTo(MAX_MEDIAN) > 0) {
      throw new IllegalArgumentException("median must be between 0ms and " + MAX_MEDIAN.toMillis() + "ms");
    }
    if (p99.isNegative() || p99.compareTo(MAX_P99) > 0) {
      throw new IllegalArgumentException("p99 must be between 0ms and " + MAX_P99.toMillis() + "ms");
    }
    if (p99.compareTo(median) < 0 || (median.isZero() && !p99.isZero())) {
      throw new IllegalArgumentException("p99 must be at least the median, and both 0ms or both above");
    }
  }

  long sampleMillis() {
    if (median.isZero()) {
      return 0;
    }
    double mu = Math.log(median.toNanos() / 1e6);
    double sigma = p99.equals(median) ? 0 : Math.log((double) p99.toNanos() / median.toNanos()) / Z99;
    double ms = Math.exp(mu + sigma * ThreadLocalRandom.current().nextGaussian());
    return Math.min(Math.round(ms), MAX_SAMPLE.toMillis());
  }
}
