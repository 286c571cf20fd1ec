package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.cardedge.agent.Agent;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.cardedge.localapi.LocalApiConfig;
import io.linkgate.cardedge.sim.InMemoryPinCounterStore;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedCards;
import io.linkgate.cardedge.sim.SimulatedReader;
import io.linkgate.cardedge.sim.SimulatedTerminals;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import io.linkgate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card-edge agent when the gateway cannot be reached for a while: it talks to the gateway through a proxy
 * (a load balancer, say) that can be switched to answering 503.
 */
class CardEdgeGatewayOutageTest {

  static final String ORIGIN = "https://agency.example.go.th";
  static final String LOCAL_TOKEN = "local-access-token-for-tests";

  @TempDir
  Path dir;
  Gateway gateway;
  Vertx vertx;
  final AtomicBoolean down = new AtomicBoolean();
  /** A path the proxy answers 503 for while the rest passes, or null. */
  volatile String failing;
  final InMemoryPinCounterStore pinCounters = new InMemoryPinCounterStore();
  volatile String pin = "1234";
  SimulatedReader reader;
  Agent agent;
  final ByteArrayOutputStream said = new ByteArrayOutputStream();
  final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    gateway = TestGateway.start(dir, Map.of(), true, Clock.systemUTC());
    vertx = Vertx.vertx();
    HttpServer front = proxy(vertx.createHttpClient()).listen(0, "127.0.0.1").await();
    SimulatedTerminals terminals = new SimulatedTerminals();
    reader = terminals.addReader("Counter 3 reader");
    agent = Agent.start(new Agent.Settings(URI.create("http://127.0.0.1:" + front.actualPort()), DeviceKey.demo(),
        () -> {
          try {
            return terminals.terminalFactory();
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
        }, null, new LocalApiConfig(0, LOCAL_TOKEN, List.of(ORIGIN)), name -> pin.toCharArray()),
        new PrintStream(said, true, StandardCharsets.UTF_8));
    vertx.createWebSocketClient()
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(agent.localPort()).setURI("/events")
            .addHeader("Origin", ORIGIN))
        .await()
        .textMessageHandler(text -> events.add(new JsonObject(text)));
  }

  /** Passes requests on to the gateway, or answers 503 while {@link #down} (or for the {@link #failing} path). */
  private HttpServer proxy(HttpClient http) {
    return vertx.createHttpServer().requestHandler(req -> {
      if (down.get() || req.path().equals(failing)) {
        req.response().setStatusCode(503).putHeader("Content-Type", "application/problem+json")
            .end(new JsonObject().put("type", "about:blank").put("title", "Service Unavailable").put("status", 503).encode());
        return;
      }
      RequestOptions out = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(gateway.apiPort())
          .setURI(req.uri());
      for (String name : List.of("Authorization", "Content-Type")) {
        if (req.getHeader(name) != null) {
          out.putHeader(name, req.getHeader(name));
        }
      }
      req.body()
          .compose(body -> http.request(out).compose(r -> r.send(body)))
          .compose(resp -> resp.body().map(body -> {
            req.response().setStatusCode(resp.statusCode());
            if (resp.getHeader("Content-Type") != null) {
              req.response().putHeader("Content-Type", resp.getHeader("Content-Type"));
            }
            return body;
          }))
          .onSuccess(body -> req.response().end(body))
          .onFailure(e -> req.response().setStatusCode(502).end());
    });
  }

  @AfterEach
  void stop() {
    agent.close();
    vertx.close().await();
    gateway.stop();
  }

  private JsonObject nextOfType(String type) throws InterruptedException {
    for (;;) {
      JsonObject e = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(e, "no " + type + " event from the agent");
      if (e.getString("type").equals(type)) {
        return e;
      }
    }
  }

  private int gatewayStatus(String token) {
    return WebClient.create(vertx).get(gateway.apiPort(), "127.0.0.1", "/v1/sessions/current")
        .bearerTokenAuthentication(token).send().await().statusCode();
  }

  private SimulatedThaiIdCard card() {
    return new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer"), pinCounters, SimulatedCards.defaultIssuerKey());
  }

  @Test
  void should_end_the_session_at_the_gateway_once_it_answers_again_after_the_card_left_during_an_outage()
      throws Exception {
    reader.insert(card());
    nextOfType("session-opened");
    String token = agent.state().token();
    assertEquals(200, gatewayStatus(token));

    down.set(true);
    reader.remove();
    nextOfType("session-closed");
    Thread.sleep(1500); // the first attempt and the first retry meet the 503
    assertEquals(200, gatewayStatus(token), "the gateway was not told: the session is still open there");
    assertTrue(said.toString(StandardCharsets.UTF_8).contains("trying again"), said.toString(StandardCharsets.UTF_8));

    down.set(false);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int status = 200;
    while (status == 200 && System.nanoTime() < until) {
      Thread.sleep(100);
      status = gatewayStatus(token);
    }
    assertEquals(401, status, "the sign-out was not tried again once the gateway answered");
  }

  @Test
  void should_tell_the_officer_the_pin_was_wrong_even_when_the_gateway_cannot_be_told() throws Exception {
    failing = "/v1/sessions/pin-failures";
    pin = "0000";
    reader.insert(card());
    JsonObject failed = nextOfType("login-failed");
    assertEquals("wrong_pin", failed.getString("reason"));
    String message = failed.getString("message");
    assertTrue(message.startsWith("Wrong PIN: 2 tries left before the card blocks."), message);
    assertTrue(message.contains("LinkGate could not be told"), message);
  }

  @Test
  void should_not_send_the_pin_to_the_card_while_the_gateway_cannot_be_reached() throws Exception {
    down.set(true);
    pin = "0000";
    reader.insert(card());
    nextOfType("login-failed");
    assertTrue(pinCounters.load("officer").isEmpty(), "no PIN try used: " + pinCounters.load("officer"));
  }
}
