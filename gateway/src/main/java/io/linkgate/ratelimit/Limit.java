package io.linkgate.ratelimit;

/** A token bucket's parameters: refill rate per second and size. Equal limits keep a bucket's state across reloads. */
public record Limit(double ratePerSecond, int burst) {

  public Limit {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate must be positive and burst at least 1");
    }
  }
}
