package io.linkgate.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error boundary: every failure becomes problem+json. Refusals ({@link ProblemException}) are
 * answered as they are; unexpected exceptions are logged once, here, with the correlation id and the
 * route template, and answered 500 without internals. The exception goes to the log as its classes and stack
 * frames only: a message may quote the request (a URI, a parameter, a body field) and with it a citizen ID.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  private final Router router;

  /** {@code router}: whose routes a 405's {@code Allow} header lists. */
  public FailureHandler(Router router) {
    this.router = router;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ProblemException problem = toProblem(ctx);
    if (problem.type().status() == 405) {
      problem.header("Allow", allowed(router, ctx.normalizedPath())); // RFC 9110 15.5.6: a 405 names what the path takes
    }
    ProblemResponder.send(ctx, problem);
  }

  /** The methods the router's routes take on {@code path}, as an {@code Allow} header's value. */
  static String allowed(Router router, String path) {
    java.util.TreeSet<String> methods = new java.util.TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty() && matches(route.getPath(), path)) {
        route.methods().forEach(m -> methods.add(m.name()));
      }
    }
    return String.join(", ", methods);
  }

  /** A route template ({@code /v1/linkage/persons/:cid}, {@code /console/*}) against a concrete path. */
  static boolean matches(String template, String path) {
    if (template.endsWith("*")) {
      return path.startsWith(template.substring(0, template.length() - 1));
    }
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      if (!(t[i].startsWith(":") ? !p[i].isEmpty() : t[i].equals(p[i]))) {
        return false;
      }
    }
    return true;
  }

  /** The problem for the context's failure; an unexpected exception is logged here, once. */
  public static ProblemException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ProblemException problem;
    if (failure instanceof ProblemException p) {
      problem = p;
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // refused by Vert.x Web with a client status (no Host header, a query without a path): the client's fault, no log
      problem = fromStatus(ctx.statusCode());
    } else if (closedByClient(failure)) {
      // the client went away while its request was read or answered: nothing to answer, nothing of the gateway's failed
      LOG.atDebug().addKeyValue("correlationId", CorrelationId.of(ctx)).log("client closed the connection during its request");
      problem = Problems.BAD_REQUEST.exception("The connection was closed before the request was read.");
    } else if (failure != null && !(failure instanceof io.vertx.ext.web.handler.HttpException)) {
      LOG.atError()
          .addKeyValue("correlationId", CorrelationId.of(ctx))
          .addKeyValue("method", ctx.request().method().name())
          .setCause(withoutMessages(failure))
          .log("unexpected failure while handling a request");
      problem = Problems.INTERNAL.exception("The gateway failed to handle the request; quote the correlation id when reporting it.");
    } else {
      problem = fromStatus(ctx.statusCode() > 0 ? ctx.statusCode()
          : failure instanceof io.vertx.ext.web.handler.HttpException h ? h.getStatusCode() : 500);
    }
    return problem;
  }

  private static boolean closedByClient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.vertx.core.http.HttpClosedException || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /** The failure and its causes with every message left out; classes and stack frames kept. */
  public static Throwable withoutMessages(Throwable failure) {
    java.util.ArrayList<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable t = failure; t != null && chain.size() < 16 && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    Throwable copy = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      copy = new Redacted(chain.get(i), copy);
    }
    return copy;
  }

  /** Stands in for an exception in the log: its class name as the message, its stack, no message of its own. */
  public static final class Redacted extends RuntimeException {
    Redacted(Throwable original, Throwable cause) {
      super(original.getClass().getName()
          + (original instanceof io.vertx.pgclient.PgException pg ? " SQLSTATE " + pg.getSqlState() : "")
          + " (message withheld)", cause, false, true);
      setStackTrace(original.getStackTrace());
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }

  static ProblemException fromStatus(int status) {
    return switch (status) {
      case 400 -> Problems.BAD_REQUEST.exception("The request is malformed.");
      case 404 -> Problems.NOT_FOUND.exception("There is no resource at this path; see /openapi.yaml for the API.");
      case 405 -> Problems.METHOD_NOT_ALLOWED.exception("This path does not accept this HTTP method.");
      case 406 -> Problems.NOT_ACCEPTABLE.exception("No representation matches the Accept header.");
      case 413 -> Problems.BODY_TOO_LARGE.exception("The request body is larger than the gateway accepts.");
      case 414 -> Problems.URI_TOO_LONG.exception("The request URI is longer than the gateway accepts.");
      case 415 -> Problems.UNSUPPORTED_MEDIA_TYPE.exception("The request body must be application/json.");
      case 431 -> Problems.HEADERS_TOO_LARGE.exception("The request headers are larger than the gateway accepts.");
      case 503 -> Problems.UNAVAILABLE.exception("The gateway is not ready to serve requests.");
      default -> status >= 400 && status < 500
          ? new ProblemException(new ProblemType("client-error", "Client error", status), "The request cannot be served.")
          : Problems.INTERNAL.exception("The gateway failed to handle the request; quote the correlation id when reporting it.");
    };
  }
}
