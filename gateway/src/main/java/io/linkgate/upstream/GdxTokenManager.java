package io.linkgate.upstream;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * GDX tokens per agent id (the officer's citizen ID, or a system agent). One fetch at a time per agent
 * (concurrent callers share it), dropped after an idle period shorter than GDX's own, and forgotten when
 * GDX answers 401 so the next call fetches a new one. Bounded in size.
 */
public final class GdxTokenManager {

  static final int MAX_AGENTS = 200_000;

  private final Vertx vertx;
  private final AsyncCache<String, String> tokens;
  private final Function<String, Future<String>> fetch;

  public GdxTokenManager(Vertx vertx, Duration idleTimeout, Clock clock, Function<String, Future<String>> fetch) {
    this.vertx = vertx;
    this.fetch = fetch;
    this.tokens = Caffeine.newBuilder()
        .expireAfterAccess(idleTimeout)
        .maximumSize(MAX_AGENTS)
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .buildAsync();
  }

  /** A live token for the agent: cached, or fetched once however many callers ask at the same time. */
  public Future<String> token(String agentId) {
    CompletableFuture<String> cached = tokens.getIfPresent(agentId); // counts as an access, as get does
    if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
      return Future.succeededFuture(cached.join()); // the usual case, without a callback through the cache
    }
    CompletableFuture<String> cf = tokens.get(agentId, (key, executor) -> fetch.apply(key).toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(cf, vertx.getOrCreateContext());
  }

  /** GDX refused {@code token}: forget it, unless a newer one has replaced it already. */
  public void invalidate(String agentId, String token) {
    CompletableFuture<String> current = tokens.getIfPresent(agentId);
    if (current != null && current.isDone() && !current.isCompletedExceptionally() && token.equals(current.join())) {
      tokens.asMap().remove(agentId, current);
    }
  }

  public long size() {
    return tokens.synchronous().estimatedSize();
  }
}
