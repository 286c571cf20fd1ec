package io.linkgate.cardedge.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** card-edge's calls to the gateway's {@code /v1/sessions} API. Results are futures; failures are {@link GatewayRefusal} or {@link GatewayUnreachable}. */
public final class GatewayClient implements AutoCloseable {

  /** A login challenge: the id to send back and the nonce for the card. */
  public record Challenge(String id, byte[] nonce) {
  }

  private final HttpClient http;
  private final URI base;
  private final Context context;

  public GatewayClient(Vertx vertx, URI base) {
    this.base = base;
    this.context = vertx.getOrCreateContext();
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setSsl("https".equals(base.getScheme()))
        .setConnectTimeout(5000)
        .setKeepAlive(true));
  }

  public URI base() {
    return base;
  }

  public Future<Challenge> challenge() {
    String path = "/v1/sessions/challenge";
    return call(HttpMethod.POST, path, null, null, 200).map(json -> {
      byte[] nonce = null;
      try {
        nonce = json.getValue("nonce") instanceof String text ? Base64.getDecoder().decode(text) : null;
      } catch (IllegalArgumentException e) {
        // not base64: said below
      }
      if (!(json.getValue("challengeId") instanceof String id) || id.isEmpty() || nonce == null || nonce.length == 0) {
        throw notLinkGate(HttpMethod.POST, path, 200);
      }
      return new Challenge(id, nonce);
    });
  }

  /** Posts a signed login; the session JSON ({@code token, expiresAt, idleTimeoutSeconds, officer}). */
  public Future<JsonObject> login(JsonObject body) {
    String path = "/v1/sessions";
    return call(HttpMethod.POST, path, null, body, 201).map(json -> {
      if (!(json.getValue("token") instanceof String token) || token.isEmpty()) {
        throw notLinkGate(HttpMethod.POST, path, 201);
      }
      return json;
    });
  }

  /**
   * An answer that is not LinkGate's (a proxy's or captive portal's page, a load balancer's 502 with every instance
   * down, another server at that address): the gateway was not reached.
   */
  private GatewayUnreachable notLinkGate(HttpMethod method, String path, int status) {
    return new GatewayUnreachable("the server at " + base + " answered " + method + " " + path + " (HTTP " + status + ") with"
        + " something other than LinkGate's answer: check that --gateway is the LinkGate gateway's address and that no"
        + " proxy or network sign-in page stands in between; a load balancer's 502, 503 or 504 means LinkGate behind it"
        + " is not running (ask IT)", null);
  }

  public Future<Void> reportPinFailure(JsonObject body) {
    return call(HttpMethod.POST, "/v1/sessions/pin-failures", null, body, 204).mapEmpty();
  }

  public Future<JsonObject> current(String token) {
    return call(HttpMethod.GET, "/v1/sessions/current", token, null, 200);
  }

  public Future<Void> heartbeat(String token) {
    return call(HttpMethod.POST, "/v1/sessions/current/heartbeat", token, null, 204).mapEmpty();
  }

  public Future<Void> logout(String token, boolean cardRemoved) {
    return call(HttpMethod.DELETE, "/v1/sessions/current" + (cardRemoved ? "?reason=card-removed" : ""), token, null, 204).mapEmpty();
  }

  /**
   * Runs the exchange on the client's event-loop context. Callers are plain threads (the login worker, the CLI);
   * driving Vert.x's client from them let a response's end occasionally go unseen: the call then hung until its
   * timeout although the gateway had answered (about one call in a thousand, seen in the test suite).
   */
  private Future<JsonObject> call(HttpMethod method, String path, String token, JsonObject body, int expected) {
    if (Vertx.currentContext() == context) {
      return exchange(method, path, token, body, expected);
    }
    Promise<JsonObject> answer = Promise.promise();
    context.runOnContext(v -> exchange(method, path, token, body, expected).onComplete(answer));
    return answer.future();
  }

  private Future<JsonObject> exchange(HttpMethod method, String path, String token, JsonObject body, int expected) {
    int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    RequestOptions options = new RequestOptions()
        .setMethod(method).setHost(base.getHost()).setPort(port)
        .setURI(base.getRawPath().replaceAll("/$", "") + path)
        .setIdleTimeout(10_000);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    // how far the call got, for the message when it fails: connecting, waiting, reading
    java.util.concurrent.atomic.AtomicReference<String> stage = new java.util.concurrent.atomic.AtomicReference<>("connecting");
    Future<JsonObject> answer = http.request(options)
        .compose(request -> {
          stage.set("connected, waiting for the answer");
          return body == null ? request.send() : request.send(body.toBuffer());
        })
        .compose(response -> {
          stage.set("reading the answer (HTTP " + response.statusCode() + ")");
          return response.body().map(buffer -> interpret(response, buffer, expected, method, path));
        });
    long started = System.nanoTime();
    return answer.timeout(15, TimeUnit.SECONDS).recover(e -> e instanceof GatewayRefusal || e instanceof GatewayUnreachable
        ? Future.failedFuture(e)
        : Future.failedFuture(new GatewayUnreachable("LinkGate at " + base + " cannot be reached: " + why(e) + ". Check the"
            + " workstation's network connection; if it works, ask IT whether LinkGate is running at that address. ("
            + method + " " + path + ": " + e.getClass().getSimpleName() + " after " + (System.nanoTime() - started) / 1_000_000
            + " ms, while " + stage.get() + ")", e)));
  }

  /** The failure in words an officer can pass on; the exception's class stays in the technical part of the message. */
  private String why(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException) {
        return "the name " + base.getHost() + " is not known on this network";
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "the secure (https) connection failed, for instance because its certificate is not trusted here";
      }
      if (t instanceof java.net.ConnectException) {
        return "nothing answers at that address (connection refused or not possible)";
      }
      if (t instanceof java.util.concurrent.TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
        return "it did not answer in time";
      }
    }
    return "the connection failed";
  }

  /**
   * The answer's JSON when its status is {@code expected}; a refusal when the gateway answered with a problem (LinkGate
   * answers every failure as application/problem+json); the gateway not reached when another status came without one
   * (a load balancer's 502 while every instance is down, a 404 page of another server).
   */
  private JsonObject interpret(HttpClientResponse response, Buffer buffer, int expected, HttpMethod method, String path) {
    JsonObject json = null;
    if (buffer.length() > 0) {
      try {
        json = buffer.toJsonObject();
      } catch (RuntimeException e) {
        json = null;
      }
    }
    if (response.statusCode() != expected) {
      if (json == null || !(json.getValue("type") instanceof String)) {
        throw notLinkGate(method, path, response.statusCode());
      }
      throw new GatewayRefusal(response.statusCode(), json);
    }
    return json == null ? new JsonObject() : json;
  }

  @Override
  public void close() {
    http.close();
  }
}
