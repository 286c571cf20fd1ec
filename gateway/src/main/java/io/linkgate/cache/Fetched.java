package io.linkgate.cache;

import io.linkgate.http.ProblemException;
import io.vertx.core.buffer.Buffer;

/** What the upstream answered for a lookup: data, or "not found" (both may be cached). */
public sealed interface Fetched {

  record Found(Buffer body) implements Fetched {
  }

  /** A definitive not-found; cached briefly as a negative entry. */
  record NotFound(ProblemException problem) implements Fetched {
  }
}
