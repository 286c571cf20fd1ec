package io.linkgate.cardedge.gateway;

import io.vertx.core.json.JsonObject;

/** The gateway answered with a problem (RFC 9457): its status, stable type and detail. */
public final class GatewayRefusal extends RuntimeException {

  private final int status;
  private final String type;
  private final JsonObject problem;

  public GatewayRefusal(int status, JsonObject problem) {
    super(describe(status, problem), null, false, false);
    this.status = status;
    this.problem = problem == null ? new JsonObject() : problem;
    this.type = this.problem.getString("type", "about:blank");
  }

  private static String describe(int status, JsonObject problem) {
    if (problem == null) {
      return "gateway answered HTTP " + status;
    }
    return problem.getString("title", "refused") + " (HTTP " + status + ", " + problem.getString("type", "?") + "): "
        + problem.getString("detail", "");
  }

  public int status() {
    return status;
  }

  /** The problem type, e.g. {@code urn:linkgate:problem:officer-not-registered}. */
  public String type() {
    return type;
  }

  /** The last part of the type: {@code officer-not-registered}. */
  public String slug() {
    return type.substring(type.lastIndexOf(':') + 1);
  }

  public JsonObject problem() {
    return problem;
  }
}
