package io.linkgate.upstream;

import io.linkgate.http.ProblemException;
import io.linkgate.http.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Calls GDX the way agencies reach it: {@code Consumer-Key} and a per-agent {@code Token} on every call,
 * tokens from {@code /ws/auth/validate}, one retry with a fresh token when GDX answers 401.
 */
public final class GdxClient {

  public static final ProblemType UPSTREAM_UNAVAILABLE = new ProblemType("upstream-unavailable", "Upstream unavailable", 503);
  public static final ProblemType UPSTREAM_TIMEOUT = new ProblemType("upstream-timeout", "Upstream timed out", 504);
  public static final ProblemType UPSTREAM_REFUSED = new ProblemType("upstream-refused", "Upstream refused the gateway", 502);

  private final WebClient client;
  private final UpstreamConfig config;
  private final URI base;
  private final String basePath; // the base URL's path without a trailing slash
  private final GdxTokenManager tokens;

  public GdxClient(Vertx vertx, UpstreamConfig config, URI base, Clock clock) {
    this.config = config;
    this.base = base;
    this.basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/$", "");
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost(base.getHost())
        .setDefaultPort(base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80)
        .setSsl("https".equals(base.getScheme()))
        .setConnectTimeout((int) config.connectTimeout().toMillis())
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setUserAgent("LinkGate")
        .setName("gdx"), new PoolOptions().setHttp1MaxSize(64));
    this.tokens = new GdxTokenManager(vertx, config.tokenIdleTimeout(), clock, this::fetchToken);
  }

  public GdxTokenManager tokens() {
    return tokens;
  }

  /** {@code GET base + path} with query parameters, as {@code agentId}. */
  public Future<HttpResponse<Buffer>> get(String agentId, String path, Map<String, String> query) {
    return call(agentId, HttpMethod.GET, path, query, null, true);
  }

  public Future<HttpResponse<Buffer>> postJson(String agentId, String path, JsonObject body) {
    return call(agentId, HttpMethod.POST, path, Map.of(), body, true);
  }

  private Future<HttpResponse<Buffer>> call(String agentId, HttpMethod method, String path, Map<String, String> query,
                                            JsonObject body, boolean retryOn401) {
    return tokens.token(agentId).compose(token -> {
      HttpRequest<Buffer> request = client.request(method, basePath + path)
          .putHeader("Consumer-Key", config.consumerKey())
          .putHeader("Token", token);
      query.forEach(request::addQueryParam);
      Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
      return timed(sent).compose(response -> {
        if (response.statusCode() == 401 && retryOn401) {
          tokens.invalidate(agentId, token);
          return call(agentId, method, path, query, body, false);
        }
        return Future.succeededFuture(response);
      });
    });
  }

  private Future<String> fetchToken(String agentId) {
    HttpRequest<Buffer> request = client.get(basePath + "/ws/auth/validate")
        .putHeader("Consumer-Key", config.consumerKey())
        .addQueryParam("ConsumerSecret", config.consumerSecret())
        .addQueryParam("AgentID", agentId);
    return timed(request.send()).compose(response -> {
      if (response.statusCode() == 200) {
        JsonObject json = parse(response);
        String token = json == null ? null : json.getString("Result");
        if (token != null && !token.isBlank()) {
          return Future.succeededFuture(token);
        }
      }
      return Future.failedFuture(UPSTREAM_REFUSED.exception(
          "GDX refused the gateway's credentials (auth/validate answered HTTP " + response.statusCode() + "); check upstream.consumerKey and consumerSecret."));
    });
  }

  private <T> Future<T> timed(Future<T> call) {
    return call.timeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(translate(failure)));
  }

  static Throwable translate(Throwable failure) {
    if (failure instanceof ProblemException) {
      return failure;
    }
    if (failure instanceof java.util.concurrent.TimeoutException) {
      return UPSTREAM_TIMEOUT.exception("The upstream did not answer in time.");
    }
    return UPSTREAM_UNAVAILABLE.exception("The upstream could not be reached.");
  }

  /** The JSON object of a response, or {@code null} when the body is not one. */
  public static JsonObject parse(HttpResponse<Buffer> response) {
    try {
      Buffer body = response.body();
      return body == null ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
