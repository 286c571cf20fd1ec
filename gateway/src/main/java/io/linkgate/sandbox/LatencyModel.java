package io.linkgate.sandbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Log-normal upstream latency given by its median and 99th percentile. */
record LatencyModel(Duration median, Duration p99) {

  private static final double Z99 = 2.326;

  long sampleMillis() {
    if (median.isZero()) {
      return 0;
    }
    double mu = Math.log(median.toNanos() / 1e6);
    double sigma = p99.equals(median) ? 0 : Math.log((double) p99.toNanos() / median.toNanos()) / Z99;
    double ms = Math.exp(mu + sigma * ThreadLocalRandom.current().nextGaussian());
    return Math.min(Math.round(ms), 60_000);
  }
}
