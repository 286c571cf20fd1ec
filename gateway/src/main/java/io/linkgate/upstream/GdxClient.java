package io.linkgate.upstream;

import io.linkgate.http.ProblemException;
import io.linkgate.http.ProblemType;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Calls GDX the way agencies reach it: {@code Consumer-Key} and a per-agent {@code Token} on every call,
 * tokens from {@code /ws/auth/validate}, one retry with a fresh token when GDX answers 401. Calls go through Vert.x's
 * core {@link HttpClient}, answers read whole into an {@link UpstreamResponse}. Each call has {@code upstream.requestTimeout};
 * within a lookup, all of them together (token, data call, and after a 401 both again) have its {@link Deadline}.
 */
public final class GdxClient {

  public static final ProblemType UPSTREAM_UNAVAILABLE = new ProblemType("upstream-unavailable", "Upstream unavailable", 503);
  public static final ProblemType UPSTREAM_TIMEOUT = new ProblemType("upstream-timeout", "Upstream timed out", 504);
  public static final ProblemType UPSTREAM_REFUSED = new ProblemType("upstream-refused", "Upstream refused the gateway", 502);

  /** The problem member naming which call failed, when it was not the data call itself. */
  static final String UPSTREAM_CALL = "upstreamCall";
  static final String TOKEN_CALL = "token";

  private static final CharSequence USER_AGENT = HttpHeaders.createOptimized("LinkGate");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence CONSUMER_KEY = HttpHeaders.createOptimized("Consumer-Key");
  private static final CharSequence TOKEN = HttpHeaders.createOptimized("Token");

  private final HttpClient client;
  private final UpstreamConfig config;
  private final URI base;
  private final String basePath; // the base URL's path without a trailing slash
  private final GdxTokenManager tokens;

  public GdxClient(Vertx vertx, UpstreamConfig config, URI base, Clock clock) {
    this.config = config;
    this.base = base;
    this.basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/$", "");
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setDefaultHost(base.getHost())
        .setDefaultPort(base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80)
        .setSsl("https".equals(base.getScheme()))
        .setConnectTimeout((int) config.connectTimeout().toMillis())
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setName("gdx"), new PoolOptions().setHttp1MaxSize(64));
    this.tokens = new GdxTokenManager(vertx, config.tokenIdleTimeout(), clock, this::fetchToken);
  }

  public GdxTokenManager tokens() {
    return tokens;
  }

  /** A lookup's deadline: {@code upstream.lookupTimeout} after {@code startNanos} ({@link System#nanoTime()}). */
  public Deadline lookupDeadline(long startNanos) {
    return Deadline.after(startNanos, config.lookupTimeout());
  }

  /** {@code GET base + path} with query parameters, as {@code agentId}. */
  public Future<UpstreamResponse> get(String agentId, String path, Map<String, String> query) {
    return get(agentId, path, query, Deadline.NONE);
  }

  /** The same, its calls (token included) ending by {@code deadline}. */
  public Future<UpstreamResponse> get(String agentId, String path, Map<String, String> query, Deadline deadline) {
    return call(agentId, HttpMethod.GET, path, query, null, true, deadline);
  }

  public Future<UpstreamResponse> postJson(String agentId, String path, JsonObject body, Deadline deadline) {
    return call(agentId, HttpMethod.POST, path, Map.of(), body, true, deadline);
  }

  private Future<UpstreamResponse> call(String agentId, HttpMethod method, String path, Map<String, String> query,
                                        JsonObject body, boolean retryOn401, Deadline deadline) {
    return within(tokens.token(agentId), deadline).compose(token -> {
      RequestOptions request = new RequestOptions().setMethod(method).setURI(uri(path, query))
          .putHeader(CONSUMER_KEY, config.consumerKey())
          .putHeader(TOKEN, token);
      return timed(request, body == null ? null : body.toBuffer(), deadline.limitMillis(config.requestTimeout())).compose(response -> {
        if (response.statusCode() == 401 && retryOn401) {
          tokens.invalidate(agentId, token);
          return call(agentId, method, path, query, body, false, deadline);
        }
        return Future.succeededFuture(response);
      });
    });
  }

  /**
   * A caller's wait for its officer's token ends at its own deadline. The fetch, shared with the officer's other
   * callers, goes on within its own time limit, and the token it brings is kept for them.
   */
  private Future<String> within(Future<String> token, Deadline deadline) {
    if (token.isComplete() || deadline == Deadline.NONE) {
      return token;
    }
    long limit = deadline.limitMillis(config.requestTimeout());
    if (limit == 0) {
      return Future.failedFuture(timedOut());
    }
    return token.timeout(limit, TimeUnit.MILLISECONDS).recover(failure -> Future.failedFuture(translate(failure)));
  }

  /** A token that can go in a {@code Token} header as it is: 1 to 4,096 visible ASCII characters. */
  static boolean headerValue(String token) {
    if (token.isEmpty() || token.length() > 4096) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private Future<String> fetchToken(String agentId) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("ConsumerSecret", config.consumerSecret());
    query.put("AgentID", agentId);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri("/ws/auth/validate", query))
        .putHeader(CONSUMER_KEY, config.consumerKey());
    // a token call that times out or cannot connect says the GDX host is down: the data call would fail the same way,
    // and it counts as the data endpoint's failure (its breaker opens, lookups get a fast 503 and their quota back)
    return timed(request, null, config.requestTimeout().toMillis()).compose(response -> {
      if (response.statusCode() == 200) {
        JsonObject json = parse(response);
        if (json != null && json.getValue("Result") instanceof String token && headerValue(token)) {
          return Future.succeededFuture(token);
        }
        // a 200 without a token (or with one no request could carry: cached, it failed every call for the idle period)
        // is a broken answer of the token service, not a refusal of the credentials
        return Future.failedFuture(tokenCall(UpstreamProblems.ERROR.exception(
            "GDX's token service (auth/validate) answered HTTP 200 without a usable token.").with("upstreamStatus", 200)));
      }
      if (response.statusCode() >= 500) {
        // GDX's token service failing is a failure of the upstream (breaker, retries, stale-if-error), as a 5xx of the
        // data call is; not a refusal of the credentials
        return Future.failedFuture(tokenCall(UpstreamProblems.ERROR.exception("GDX's token service (auth/validate) answered HTTP "
            + response.statusCode() + ".").with("upstreamStatus", response.statusCode())));
      }
      return Future.failedFuture(UPSTREAM_REFUSED.exception(
          "GDX refused the gateway's credentials (auth/validate answered HTTP " + response.statusCode() + "); check upstream.consumerKey and consumerSecret."));
    });
  }

  /** Marks a failure of the token service's call ({@code upstreamCall: token}), as against the data call's. */
  private static Throwable tokenCall(Throwable failure) {
    return failure instanceof ProblemException p ? p.with(UPSTREAM_CALL, TOKEN_CALL) : failure;
  }

  /**
   * GDX's token service (auth/validate) answered with a failure of its own (5xx): the host is up, the data endpoint
   * the token was for was not called. Not counted by that endpoint's breaker (officers holding a token are served
   * meanwhile) and not shared with other callers waiting for the same answer (each has a token, or fetches one).
   */
  public static boolean isTokenCallFailure(Throwable failure) {
    return failure instanceof ProblemException p && TOKEN_CALL.equals(p.members().get(UPSTREAM_CALL));
  }

  /** The base path, then {@code path}, then the query parameters, each URL-encoded. */
  private String uri(String path, Map<String, String> query) {
    QueryStringEncoder uri = new QueryStringEncoder(basePath + path);
    query.forEach(uri::addParam);
    return uri.toString();
  }

  /**
   * Sends the request (with a JSON body when {@code json} is not null) and reads the whole answer within
   * {@code limit} ms (0: the time is up, nothing is sent); past it, 504 upstream-timeout.
   */
  private Future<UpstreamResponse> timed(RequestOptions options, Buffer json, long limit) {
    if (limit == 0) {
      return Future.failedFuture(timedOut());
    }
    return send(options, json, limit).timeout(limit, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(translate(failure)));
  }

  private Future<UpstreamResponse> send(RequestOptions options, Buffer json, long limit) {
    options.putHeader(HttpHeaders.USER_AGENT, USER_AGENT);
    // a call that has waited the time limit without an answer is reset, its connection closed: the caller's own
    // deadline (timed) only stops waiting, and a hung upstream would otherwise keep the pool's connections
    options.setIdleTimeout(limit);
    if (json != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    }
    return client.request(options).compose(request -> {
      Future<HttpClientResponse> sent = json == null ? request.send() : request.send(json);
      return sent.compose(response -> AnswerBody.read(request, response).map(body -> new UpstreamResponse(response.statusCode(), body)));
    });
  }

  private static ProblemException timedOut() {
    return UPSTREAM_TIMEOUT.exception("The upstream did not answer in time.");
  }

  static Throwable translate(Throwable failure) {
    if (failure instanceof ProblemException) {
      return failure;
    }
    if (failure instanceof java.util.concurrent.TimeoutException) {
      return timedOut();
    }
    // as the card authority: a connection refused or reset is worth one more try shortly, not a tight loop
    return UPSTREAM_UNAVAILABLE.exception("The upstream could not be reached; try again shortly.").header("Retry-After", "5");
  }

  /** The JSON object of a response, or {@code null} when the body is not one. */
  public static JsonObject parse(UpstreamResponse response) {
    try {
      return response.body().toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The verdict of a GDX check answering {@code {"Result": true|false}} (the laser-code check, the card authority):
   * null when the answer is not one, {@code "false"} as a string, null or no {@code Result} included.
   */
  public static Boolean result(UpstreamResponse response) {
    JsonObject json = parse(response);
    return json != null && json.getValue("Result") instanceof Boolean result ? result : null;
  }

  /**
   * An HTTP 200 of such a check that is not its verdict: a failure of the upstream for its breaker and metrics (the
   * laser-code check's and the card authority's {@code failedAnswer}).
   */
  public static boolean notAVerdict(UpstreamResponse response) {
    return response.statusCode() == 200 && result(response) == null;
  }
}
