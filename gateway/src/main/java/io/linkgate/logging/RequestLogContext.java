package io.linkgate.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The correlation id of the request being handled, kept in the request's own (duplicated) Vert.x context, so
 * that every line logged while handling it carries the id, including lines of code that knows nothing of the
 * request (futures completed on that context see it too). The encoders add it as {@code correlationId} when a
 * line does not name one itself; they run on the logging thread, as the console appender is synchronous.
 */
public final class RequestLogContext {

  /** Registered when this class loads; {@link #register()} makes sure that happens before Vert.x is built. */
  private static final ContextLocal<String> CORRELATION_ID = ContextLocal.registerLocal(String.class);

  private RequestLogContext() {
  }

  /** Loads the context-local key. Call before building a Vert.x instance that handles requests. */
  public static void register() {
    // class initialisation registers the key
  }

  /** Ties {@code correlationId} to the current request context; nothing on a shared (non-request) context. */
  public static void bind(String correlationId) {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      try {
        context.putLocal(CORRELATION_ID, correlationId);
      } catch (IllegalArgumentException e) {
        // a Vert.x instance built before the key was registered has no slot for it: lines go without the id
      }
    }
  }

  /** The correlation id of the request the current thread is handling, or null. */
  public static String correlationId() {
    Context context = Vertx.currentContext();
    if (context == null) {
      return null;
    }
    try {
      return context.getLocal(CORRELATION_ID);
    } catch (IllegalArgumentException e) {
      return null; // a Vert.x instance without the slot (see bind)
    }
  }
}
