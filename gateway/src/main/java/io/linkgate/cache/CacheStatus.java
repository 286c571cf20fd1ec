package io.linkgate.cache;

/** How an answer was served, as {@code X-Cache} reports it. */
public enum CacheStatus {
  /** From the cache, fresh. */
  HIT,
  /** From the upstream (also when caching is off for the dataset). */
  MISS,
  /** From the cache, expired, because the upstream failed (stale-if-error). */
  STALE
}
