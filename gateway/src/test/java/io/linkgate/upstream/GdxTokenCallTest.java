package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.config.GatewayConfig;
import io.linkgate.http.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each answer of GDX's token service becomes: a token, a failure of the upstream, or a refusal. */
class GdxTokenCallTest {

  static Vertx vertx;
  static HttpServer server;
  static GdxClient gdx;
  /** The status and body auth/validate answers with; the data endpoint always answers 200. */
  static final AtomicReference<Object[]> AUTH = new AtomicReference<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().endsWith("/ws/auth/validate")) {
        Object[] answer = AUTH.get();
        req.response().setStatusCode((Integer) answer[0]).putHeader("Content-Type", "application/json").end((String) answer[1]);
      } else {
        req.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
      }
    }).listen(0, "127.0.0.1").await();
    gdx = new GdxClient(vertx, GatewayConfig.load(null, Map.of(), Map.of()).upstream(),
        URI.create("http://127.0.0.1:" + server.actualPort()), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static ProblemException failure(int status, String body, String agent) {
    AUTH.set(new Object[] {status, body});
    Throwable t = assertThrows(Throwable.class, () -> gdx.get(agent, "/ws/data", Map.of()).await());
    return assertInstanceOf(ProblemException.class, t);
  }

  @Test
  void should_call_with_the_token_it_was_given() {
    AUTH.set(new Object[] {200, "{\"Result\":\"tok-1\"}"});
    assertEquals(200, gdx.get("agent-ok", "/ws/data", Map.of()).await().statusCode());
  }

  @Test
  void should_take_a_200_without_a_token_for_a_broken_answer_of_the_token_service_not_a_refusal() {
    for (String body : new String[] {"{}", "{\"Result\":\"\"}", "{\"Result\":42}", "not json", "{\"Result\":\"tok\\r\\nX-Injected: 1\"}",
        "{\"Result\":\"tok en\"}", "{\"Result\":\"\u0e42\u0e17\u0e40\u0e04\u0e19\"}", "{\"Result\":\"" + "t".repeat(4097) + "\"}"}) {
      ProblemException p = failure(200, body, "agent-" + body.hashCode());
      assertEquals(UpstreamProblems.ERROR, p.type(), body + ": " + p.detail());
      assertTrue(GdxClient.isTokenCallFailure(p), body);
    }
  }

  @Test
  void should_take_a_5xx_for_a_failure_of_the_token_service_and_a_4xx_for_a_refusal() {
    ProblemException failed = failure(503, "{}", "agent-5xx");
    assertEquals(UpstreamProblems.ERROR, failed.type());
    assertTrue(GdxClient.isTokenCallFailure(failed));
    ProblemException refused = failure(401, "{}", "agent-4xx");
    assertEquals(GdxClient.UPSTREAM_REFUSED, refused.type());
  }
}
