package io.linkgate.usage;

/** How a lookup ended. */
public enum Outcome {
  /** Answered with data (from the upstream or the cache), or a definitive not-found. */
  SERVED,
  /** Refused by a policy or by the Linkage Center: authentication, authorization, input, limits, refusal codes. */
  REFUSED,
  /** The upstream failed (5xx, timeout, unreachable, circuit open) and no stale answer could cover it. */
  UPSTREAM_ERROR,
  /** The gateway itself failed. */
  ERROR
}
