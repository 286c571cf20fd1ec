package io.linkgate.cardedge.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** card-edge's client against a server at the gateway's address that may not be LinkGate. */
class GatewayClientTest {

  final Vertx vertx = Vertx.vertx();
  /** What the server answers every request: status, content type, body. */
  final AtomicReference<List<String>> answer = new AtomicReference<>();
  GatewayClient client;

  @BeforeEach
  void start() {
    int port = vertx.createHttpServer()
        .requestHandler(req -> req.body().onSuccess(body -> req.response().setStatusCode(Integer.parseInt(answer.get().get(0)))
            .putHeader("Content-Type", answer.get().get(1)).end(answer.get().get(2))))
        .listen(0, "127.0.0.1").await().actualPort();
    client = new GatewayClient(vertx, URI.create("http://127.0.0.1:" + port));
  }

  @AfterEach
  void stop() {
    client.close();
    vertx.close().await();
  }

  private void answer(int status, String type, String body) {
    answer.set(List.of(Integer.toString(status), type, body));
  }

  @Test
  void should_say_the_gateway_was_not_reached_when_a_sign_in_page_answers_the_challenge() {
    answer(200, "text/html", "<html>Please sign in to the network</html>");
    GatewayUnreachable e = assertThrows(GatewayUnreachable.class, () -> client.challenge().await());
    assertTrue(e.getMessage().contains("check that --gateway is the LinkGate gateway's address"), e.getMessage());

    for (String body : List.of("{}", "{\"challengeId\":\"c1\"}", "{\"challengeId\":\"c1\",\"nonce\":\"not base64!\"}",
        "{\"challengeId\":7,\"nonce\":\"AAEC\"}", "{\"challengeId\":\"c1\",\"nonce\":\"\"}")) {
      answer(200, "application/json", body);
      assertThrows(GatewayUnreachable.class, () -> client.challenge().await(), body);
    }
  }

  @Test
  void should_say_the_gateway_was_not_reached_when_a_login_answer_has_no_token() {
    answer(201, "text/html", "<html>Created</html>");
    assertThrows(GatewayUnreachable.class, () -> client.login(new JsonObject()).await());
    answer(201, "application/json", "{\"token\":null}");
    assertThrows(GatewayUnreachable.class, () -> client.login(new JsonObject()).await());
  }

  @Test
  void should_say_the_gateway_was_not_reached_when_a_load_balancer_or_another_server_answers_without_a_problem() {
    answer(502, "text/html", "<html><center>502 Bad Gateway</center><hr><center>nginx</center></html>");
    GatewayUnreachable e = assertThrows(GatewayUnreachable.class, () -> client.login(new JsonObject()).await());
    assertTrue(e.getMessage().contains("(HTTP 502)") && e.getMessage().contains("LinkGate behind it is not running"),
        e.getMessage());
    answer(404, "text/html", "<html>Not Found</html>");
    assertThrows(GatewayUnreachable.class, () -> client.challenge().await());
    answer(503, "application/json", "{\"error\":\"busy\"}");
    assertThrows(GatewayUnreachable.class, () -> client.logout("lgs_x", true).await());
  }

  @Test
  void should_say_in_plain_words_what_to_check_when_nothing_answers_at_the_address() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (GatewayClient nowhere = new GatewayClient(vertx, URI.create("http://127.0.0.1:" + closed))) {
      GatewayUnreachable e = assertThrows(GatewayUnreachable.class, () -> nowhere.challenge().await());
      assertTrue(e.getMessage().startsWith("LinkGate at http://127.0.0.1:" + closed + " cannot be reached: nothing answers at"
          + " that address"), e.getMessage());
      assertTrue(e.getMessage().contains("Check the workstation's network connection; if it works, ask IT"), e.getMessage());
    }
  }

  @Test
  void should_take_linkgates_own_answers() {
    answer(200, "application/json", "{\"challengeId\":\"c1\",\"nonce\":\"AAEC\",\"expiresAt\":\"2026-12-07T00:00:00Z\"}");
    GatewayClient.Challenge challenge = client.challenge().await();
    assertEquals("c1", challenge.id());
    assertArrayEquals(new byte[] {0, 1, 2}, challenge.nonce());
    answer(201, "application/json", "{\"token\":\"lgs_x\",\"idleTimeoutSeconds\":900}");
    assertEquals("lgs_x", client.login(new JsonObject()).await().getString("token"));
    answer(403, "application/problem+json", "{\"type\":\"urn:linkgate:problem:device-unknown\",\"title\":\"t\",\"status\":403}");
    assertEquals("device-unknown", assertThrows(GatewayRefusal.class, () -> client.login(new JsonObject()).await()).slug());
  }
}
