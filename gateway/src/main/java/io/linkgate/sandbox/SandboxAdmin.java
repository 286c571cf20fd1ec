package io.linkgate.sandbox;

import io.linkgate.citizen.CitizenId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Run-time switches of the sandbox: faults per endpoint, latency, agent availability. */
final class SandboxAdmin {

  private static final Pattern MILLIS = Pattern.compile("(\\d{1,9})ms");

  private final Sandbox sandbox;

  SandboxAdmin(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  void mount(Router router) {
    router.get("/sandbox/faults").handler(ctx -> ctx.json(faultsJson()));
    router.delete("/sandbox/faults").handler(ctx -> {
      sandbox.resetFaults();
      ctx.json(faultsJson());
    });
    router.put("/sandbox/faults/:endpoint").handler(this::putFault);
    router.put("/sandbox/latency").handler(this::putLatency);
    router.put("/sandbox/agents/:citizenId").handler(this::putAgent);
  }

  private void putFault(RoutingContext ctx) {
    SandboxEndpoint endpoint = SandboxEndpoint.byId(ctx.pathParam("endpoint")).orElse(null);
    if (endpoint == null) {
      SandboxServer.error(ctx, 404, "unknown endpoint; known: " + java.util.Arrays.stream(SandboxEndpoint.values())
          .map(SandboxEndpoint::id).collect(java.util.stream.Collectors.joining(", ")));
      return;
    }
    SandboxServer.withJson(ctx, body -> {
      try {
        onlyMembers(body, "errorRate", "addedLatency", "outage", "linkageStatus");
        Object status = body.getValue("linkageStatus");
        if (status != null && !(status instanceof String)) {
          throw new IllegalArgumentException("linkageStatus must be a string of five digits");
        }
        if (status != null && endpoint != SandboxEndpoint.LINKAGE_LINK) {
          throw new IllegalArgumentException("linkageStatus applies to the Linkage endpoint (linkage-link) only");
        }
        Fault fault = new Fault(
            number(body, "errorRate", 0.0),
            millis(body, "addedLatency"),
            bool(body, "outage"),
            (String) status);
        sandbox.setFault(endpoint, fault);
        ctx.json(faultJson(fault));
      } catch (IllegalArgumentException e) {
        SandboxServer.error(ctx, 400, e.getMessage());
      }
    });
  }

  private void putLatency(RoutingContext ctx) {
    SandboxServer.withJson(ctx, body -> {
      try {
        onlyMembers(body, "median", "p99");
        Duration median = millis(body, "median");
        Duration p99 = millis(body, "p99");
        sandbox.setLatency(median, p99); // bounded as in the configuration (LatencyModel)
        ctx.json(new JsonObject().put("median", median.toMillis() + "ms").put("p99", p99.toMillis() + "ms"));
      } catch (IllegalArgumentException e) {
        SandboxServer.error(ctx, 400, e.getMessage());
      }
    });
  }

  private void putAgent(RoutingContext ctx) {
    String cid = ctx.pathParam("citizenId");
    if (!CitizenId.isValid(cid)) {
      SandboxServer.error(ctx, 400, "citizen ID " + CitizenId.problem(cid));
      return;
    }
    SandboxServer.withJson(ctx, body -> {
      Sandbox.AgentState state;
      try {
        onlyMembers(body, "state");
      } catch (IllegalArgumentException e) {
        SandboxServer.error(ctx, 400, e.getMessage());
        return;
      }
      try {
        state = Sandbox.AgentState.valueOf(String.valueOf(body.getValue("state")));
      } catch (IllegalArgumentException e) {
        SandboxServer.error(ctx, 400, "state must be AgentAvailable, AgentNotAvailable or CitizenAvailable");
        return;
      }
      try {
        sandbox.setAgentState(cid, state);
      } catch (IllegalStateException e) {
        SandboxServer.error(ctx, 429, e.getMessage());
        return;
      }
      ctx.json(new JsonObject().put("SessionState", state.name()));
    });
  }

  private JsonObject faultsJson() {
    JsonObject json = new JsonObject();
    for (Map.Entry<SandboxEndpoint, Fault> e : new java.util.TreeMap<>(sandbox.faults()).entrySet()) {
      json.put(e.getKey().id(), faultJson(e.getValue()));
    }
    return json;
  }

  static JsonObject faultJson(Fault fault) {
    JsonObject json = new JsonObject()
        .put("errorRate", fault.errorRate())
        .put("addedLatency", fault.addedLatency().toMillis() + "ms")
        .put("outage", fault.outage());
    return fault.linkageStatus() == null ? json : json.put("linkageStatus", fault.linkageStatus());
  }

  /**
   * A member the call does not know is refused, not ignored: a misspelt one ({@code "errorrate"}) would otherwise
   * answer 200 and set the endpoint's fault to none.
   */
  private static void onlyMembers(JsonObject body, String... known) {
    java.util.List<String> names = java.util.List.of(known);
    for (String name : body.fieldNames()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unknown member '" + name + "'; known: " + String.join(", ", names));
      }
    }
  }

  private static double number(JsonObject body, String key, double fallback) {
    Object v = body.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(key + " must be a number");
    }
    return n.doubleValue();
  }

  private static boolean bool(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(key + " must be true or false");
    }
    return b;
  }

  /**
   * {@code "250ms"} or a whole number of milliseconds, not negative; absent means 0. The upper bounds are the
   * configuration's, checked where the values are used ({@link Fault}, {@link LatencyModel}).
   */
  private static Duration millis(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null) {
      return Duration.ZERO;
    }
    if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0) {
      return Duration.ofMillis(((Number) v).longValue());
    }
    Matcher m = MILLIS.matcher(String.valueOf(v));
    if (v instanceof String && m.matches()) {
      return Duration.ofMillis(Long.parseLong(m.group(1)));
    }
    throw new IllegalArgumentException(key + " must be a whole number of milliseconds, 0 or more, such as \"250ms\" or 250");
  }
}
