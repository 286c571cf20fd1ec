package io.linkgate.concurrent;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Runs a periodic asynchronous job one run at a time: asked again while a run is in progress, it answers that
 * run instead of starting a second one (a timer tick that comes before the last run ended, a caller awaiting it).
 */
public final class OneAtATime<T> {

  private Future<T> running; // guarded by this

  public synchronized Future<T> run(Supplier<Future<T>> job) {
    if (running != null) {
      return running;
    }
    Future<T> next = job.get();
    if (!next.isComplete()) {
      running = next;
      next.onComplete(ar -> {
        synchronized (this) {
          running = null;
        }
      });
    }
    return next;
  }
}
