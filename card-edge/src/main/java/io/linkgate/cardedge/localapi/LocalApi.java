package io.linkgate.cardedge.localapi;

import io.linkgate.cardedge.agent.AgentState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Consumer;

/**
 * The agent's local API on {@code 127.0.0.1} only: {@code GET /session} (current token and officer) and the
 * WebSocket {@code /events} (card-inserted, card-ignored, card-removed, session-opened, session-closed, login-failed).
 * A caller needs the local access token ({@code Authorization: Bearer ...} or {@code ?access_token=} for
 * WebSockets) or an allowed {@code Origin}; a request from any other origin is refused, and the Host
 * header must name the loopback address (no DNS rebinding). With a simulated card it also offers
 * {@code POST /simulated-card/insert} and {@code /remove} (the demo's hand on the card).
 */
public final class LocalApi implements AutoCloseable {

  static final int MAX_PENDING_EVENT_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final LocalApiConfig config;
  private final AgentState state;
  private final SimulatedCardControl simulated;
  private HttpServer server;

  public LocalApi(Vertx vertx, LocalApiConfig config, AgentState state) {
    this(vertx, config, state, null);
  }

  /** {@code simulated}: the simulated card's control, or {@code null} with real readers. */
  public LocalApi(Vertx vertx, LocalApiConfig config, AgentState state, SimulatedCardControl simulated) {
    this.vertx = vertx;
    this.config = config;
    this.state = state;
    this.simulated = simulated;
  }

  public Future<Integer> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(config.port())
        .setMaxWebSocketFrameSize(4096)
        .setMaxHeaderSize(8192));
    server.webSocketHandshakeHandler(handshake -> {
      if (!"/events".equals(handshake.path()) || !authorised(handshake.headers().get("Host"), handshake.headers().get("Origin"),
          handshake.headers().get("Authorization"), queryToken(handshake.query()))) {
        handshake.reject(403);
      } else {
        handshake.accept();
      }
    });
    server.webSocketHandler(this::events);
    server.requestHandler(this::request);
    return server.listen().map(HttpServer::actualPort);
  }

  public int port() {
    return server.actualPort();
  }

  private void request(HttpServerRequest req) {
    String origin = req.getHeader("Origin");
    if (origin != null && config.allowedOrigins().contains(origin)) {
      req.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    }
    if (req.method().name().equals("OPTIONS")) {
      boolean allowed = origin != null && config.allowedOrigins().contains(origin) && loopbackHost(req.getHeader("Host"));
      if (allowed && "true".equals(req.getHeader("Access-Control-Request-Private-Network"))) {
        // Chrome's Private Network Access: a page of the agency's (allowed) origin may reach the loopback agent
        req.response().putHeader("Access-Control-Allow-Private-Network", "true");
      }
      req.response().setStatusCode(allowed ? 204 : 403)
          .putHeader("Access-Control-Allow-Methods", "GET, POST")
          .putHeader("Access-Control-Allow-Headers", "Authorization")
          .putHeader("Access-Control-Max-Age", "600")
          .end();
      return;
    }
    if (!authorised(req.getHeader("Host"), origin, req.getHeader("Authorization"), queryToken(req.query()))) {
      json(req, 403, problem(403, "forbidden", "Send the local access token, or call from an allowed origin."));
      return;
    }
    if (req.method().name().equals("GET") && "/session".equals(req.path())) {
      req.response().putHeader("Cache-Control", "no-store");
      JsonObject session = state.describe();
      if (simulated != null) {
        session.put("simulatedCard", new JsonObject().put("present", simulated.cardPresent()));
      }
      json(req, 200, session);
    } else if (simulated != null && req.method().name().equals("POST")
        && ("/simulated-card/insert".equals(req.path()) || "/simulated-card/remove".equals(req.path()))) {
      boolean changed = req.path().endsWith("/insert") ? simulated.insert() : simulated.remove();
      json(req, 200, new JsonObject().put("changed", changed).put("present", simulated.cardPresent()));
    } else {
      json(req, 404, problem(404, "not-found", "The local API serves GET /session and the WebSocket /events"
          + (simulated != null ? ", and POST /simulated-card/insert|remove." : ".")));
    }
  }

  private void events(ServerWebSocket ws) {
    Consumer<JsonObject> listener = event -> vertx.runOnContext(v -> {
      if (ws.isClosed()) {
        return;
      }
      if (ws.writeQueueFull()) {
        ws.close((short) 1008, "too slow");
        return;
      }
      ws.writeTextMessage(event.encode());
    });
    ws.setWriteQueueMaxSize(MAX_PENDING_EVENT_BYTES);
    state.subscribe(listener);
    ws.closeHandler(v -> state.unsubscribe(listener));
    ws.exceptionHandler(e -> state.unsubscribe(listener));
    ws.textMessageHandler(msg -> { });
    ws.writeTextMessage(new JsonObject().put("type", "hello").put("state", state.describe().getString("state")).encode());
  }

  private boolean authorised(String host, String origin, String authorization, String queryToken) {
    if (!loopbackHost(host)) {
      return false;
    }
    if (origin != null) {
      return config.allowedOrigins().contains(origin) || tokenMatches(authorization, queryToken);
    }
    return tokenMatches(authorization, queryToken);
  }

  private boolean tokenMatches(String authorization, String queryToken) {
    String given = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = authorization.substring(7).trim();
    } else if (queryToken != null) {
      given = queryToken;
    }
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        config.accessToken().getBytes(StandardCharsets.UTF_8));
  }

  private boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.replaceFirst(":\\d+$", "");
    return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
  }

  private static String queryToken(String query) {
    if (query == null) {
      return null;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("access_token=")) {
        try {
          return java.net.URLDecoder.decode(part.substring(13), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null; // a broken percent-escape is no token (and must not leave the request unanswered)
        }
      }
    }
    return null;
  }

  private static JsonObject problem(int status, String slug, String detail) {
    return new JsonObject().put("type", "urn:linkgate:problem:" + slug).put("title", slug).put("status", status).put("detail", detail);
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status)
        .putHeader("Content-Type", status >= 400 ? "application/problem+json" : "application/json")
        .end(body.encode());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
  }
}
