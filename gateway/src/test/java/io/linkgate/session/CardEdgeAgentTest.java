package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The card-edge agent: insert the card and the session opens; pull it out and the gateway refuses the token within a second. */
class CardEdgeAgentTest {

  static final String ORIGIN = "https://agency.example.go.th";
  static final String LOCAL_TOKEN = "local-access-token-for-tests";

  @TempDir
  Path dir;
  Gateway gateway;
  Vertx client;
  SimulatedTerminals terminals;
  SimulatedReader reader;
  Agent agent;
  final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    start(Map.of(), Clock.systemUTC());
  }

  private void start(Map<String, String> extra, Clock clock) throws Exception {
    gateway = TestGateway.start(dir, extra, true, clock);
    terminals = new SimulatedTerminals();
    reader = terminals.addReader("Counter 3 reader");
    agent = Agent.start(new Agent.Settings(URI.create("http://127.0.0.1:" + gateway.apiPort()), DeviceKey.demo(),
        () -> {
          try {
            return terminals.terminalFactory();
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
        }, null, new LocalApiConfig(0, LOCAL_TOKEN, List.of(ORIGIN)), name -> "1234".toCharArray()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    client = Vertx.vertx();
    WebSocketClient ws = client.createWebSocketClient();
    ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(agent.localPort()).setURI("/events")
            .addHeader("Origin", ORIGIN))
        .await()
        .textMessageHandler(text -> events.add(new JsonObject(text)));
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
      agent = null;
    }
    if (client != null) {
      client.close().await();
      client = null;
    }
    if (gateway != null) {
      gateway.stop();
      gateway = null;
    }
  }

  private JsonObject next() throws InterruptedException {
    JsonObject e = events.poll(10, TimeUnit.SECONDS);
    assertNotNull(e, "no event from the agent");
    return e;
  }

  private JsonObject nextOfType(String type) throws InterruptedException {
    for (;;) {
      JsonObject e = next();
      if (e.getString("type").equals(type)) {
        return e;
      }
    }
  }

  private HttpResponse<Buffer> local(String path, String origin, String token) {
    var req = WebClient.create(client).get(agent.localPort(), "127.0.0.1", path);
    if (origin != null) {
      req.putHeader("Origin", origin);
    }
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.send().await();
  }

  private int gatewayStatus(String token) {
    return WebClient.create(client).get(gateway.apiPort(), "127.0.0.1", "/v1/sessions/current")
        .bearerTokenAuthentication(token).send().await().statusCode();
  }

  /** Asks the gateway about {@code token} until it refuses it, for at most a second from {@code since} (nanoTime). */
  private void assertRefusedWithinASecond(String token, long since, String message) {
    int status = 200;
    while (status == 200 && System.nanoTime() - since < 1_000_000_000L) {
      status = gatewayStatus(token);
    }
    assertEquals(401, status, message);
  }

  private SimulatedThaiIdCard card(String profile) {
    return new SimulatedThaiIdCard(SimulatedCardProfiles.byName(profile), new InMemoryPinCounterStore(), SimulatedCards.defaultIssuerKey());
  }

  @Test
  void should_sign_in_on_insert_and_out_within_a_second_of_removal() throws Exception {
    reader.insert(card("officer"));
    assertEquals("Counter 3 reader", nextOfType("card-inserted").getString("reader"));
    JsonObject opened = nextOfType("session-opened");
    assertEquals("นางสาวกมลชนก ศรีสุข", opened.getJsonObject("officer").getString("displayName"));
    HttpResponse<Buffer> session = local("/session", ORIGIN, null);
    assertEquals(200, session.statusCode());
    assertEquals(ORIGIN, session.getHeader("Access-Control-Allow-Origin"));
    String token = session.bodyAsJsonObject().getString("token");
    assertEquals("active", session.bodyAsJsonObject().getString("state"));
    assertEquals(200, gatewayStatus(token));

    reader.remove();
    long removed = System.nanoTime();
    nextOfType("session-closed");
    assertRefusedWithinASecond(token, removed, "the gateway still accepted the session one second after the card left");
    assertEquals("no-card", local("/session", null, LOCAL_TOKEN).bodyAsJsonObject().getString("state"));
  }

  @Test
  void should_sign_out_as_a_logout_not_a_card_removal_when_the_agent_stops_with_the_card_in() throws Exception {
    reader.insert(card("officer"));
    nextOfType("session-opened");
    String token = local("/session", null, LOCAL_TOKEN).bodyAsJsonObject().getString("token");

    agent.close();
    agent = null;
    HttpResponse<Buffer> ended = WebClient.create(client).get(gateway.apiPort(), "127.0.0.1", "/v1/sessions/current")
        .bearerTokenAuthentication(token).send().await();
    assertEquals(401, ended.statusCode());
    String detail = ended.bodyAsJsonObject().getString("detail");
    assertTrue(detail.contains("(logout)"), "the card was never removed: " + detail);
  }

  @Test
  void should_treat_an_unplugged_reader_as_a_removed_card() throws Exception {
    reader.insert(card("officer"));
    nextOfType("session-opened");
    String token = local("/session", null, LOCAL_TOKEN).bodyAsJsonObject().getString("token");
    reader.unplug();
    long unplugged = System.nanoTime();
    nextOfType("session-closed");
    nextOfType("card-removed");
    assertRefusedWithinASecond(token, unplugged, "the gateway still accepted the session one second after the card left");
  }

  @Test
  void should_keep_working_with_the_first_card_and_use_one_inserted_in_a_second_reader_once_the_first_leaves() throws Exception {
    SimulatedReader second = terminals.addReader("Counter 4 reader");
    reader.insert(card("officer"));
    nextOfType("session-opened");
    String token = local("/session", null, LOCAL_TOKEN).bodyAsJsonObject().getString("token");

    second.insert(card("supervisor"));
    JsonObject ignored = nextOfType("card-ignored");
    assertEquals("Counter 4 reader", ignored.getString("reader"));
    assertEquals("Counter 3 reader", ignored.getString("inUse"));
    JsonObject session = local("/session", null, LOCAL_TOKEN).bodyAsJsonObject();
    assertEquals(token, session.getString("token"), "the first card's session is still the agent's");
    assertEquals("Counter 3 reader", session.getString("reader"));

    reader.remove();
    long removed = System.nanoTime();
    nextOfType("session-closed");
    assertRefusedWithinASecond(token, removed, "removing the first card must end its session even though another card was inserted");
    assertEquals("Counter 4 reader", nextOfType("card-inserted").getString("reader"), "the waiting card is used next");
    assertEquals("นางพรทิพย์ วงศ์สวัสดิ์", nextOfType("session-opened").getJsonObject("officer").getString("displayName"));
    JsonObject next = local("/session", null, LOCAL_TOKEN).bodyAsJsonObject();
    assertEquals("Counter 4 reader", next.getString("reader"));
    assertEquals(200, gatewayStatus(next.getString("token")));
  }

  /**
   * Restarts the gateway with a clock the test moves and signs in with the gateway's clock behind the workstation's by
   * all but three seconds of the session's maximum lifetime: the login answers an end three seconds from now. The
   * session's token.
   */
  private String signInEndingInThreeSeconds(MutableClock clock) throws Exception {
    stop();
    events.clear();
    start(Map.of("session.idleTimeout", "5m", "session.maxLifetime", "5m"), clock);
    clock.set(Instant.now().minus(Duration.ofMinutes(5)).plusSeconds(3));
    reader.insert(card("officer"));
    nextOfType("session-opened");
    String token = local("/session", null, LOCAL_TOKEN).bodyAsJsonObject().getString("token");
    assertNotNull(token);
    return token;
  }

  private void assertEndedAndNoTokenHandedOut() throws InterruptedException {
    JsonObject closed = nextOfType("session-closed");
    assertEquals("ended", closed.getString("reason"));
    JsonObject session = local("/session", null, LOCAL_TOKEN).bodyAsJsonObject();
    assertNull(session.getString("token"), "no token handed out after the session ended: " + session);
  }

  @Test
  void should_stop_handing_out_the_token_soon_after_the_session_reaches_its_maximum_lifetime() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    String token = signInEndingInThreeSeconds(clock);
    long signedIn = System.nanoTime();
    clock.set(Instant.now().plusSeconds(10));
    assertEquals(401, gatewayStatus(token), "the gateway has ended the session");

    // the next heartbeat is 100 s away (a third of the idle timeout): the agent asks just after the end instead
    assertEndedAndNoTokenHandedOut();
    assertTrue(System.nanoTime() - signedIn < 8_000_000_000L, "asked within seconds of the end, not at the next heartbeat");
  }

  @Test
  void should_ask_again_when_the_gateway_says_the_session_goes_on_past_its_end_by_the_workstations_clock() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    String token = signInEndingInThreeSeconds(clock);
    // the workstation's clock ahead of the gateway's: at the end by the workstation's clock the gateway still says 204
    Thread.sleep(5_500);
    assertEquals(200, gatewayStatus(token), "by the gateway's clock the session goes on");
    assertNotNull(local("/session", null, LOCAL_TOKEN).bodyAsJsonObject().getString("token"), "still signed in");
    long moved = System.nanoTime();
    clock.set(Instant.now().plusSeconds(10)); // the gateway's end comes

    assertEndedAndNoTokenHandedOut();
    assertTrue(System.nanoTime() - moved < 8_000_000_000L, "asked again within seconds, not at the next heartbeat");
  }

  @Test
  void should_report_a_refused_login_and_stay_signed_out() throws Exception {
    reader.insert(card("stranger"));
    JsonObject failed = nextOfType("login-failed");
    assertEquals("officer-not-registered", failed.getString("reason"));
    assertEquals("card-inserted", local("/session", null, LOCAL_TOKEN).bodyAsJsonObject().getString("state"));
  }

  @Test
  void should_refuse_the_local_api_without_token_or_from_another_origin() {
    assertEquals(403, local("/session", null, null).statusCode());
    assertEquals(403, local("/session", "https://evil.example.com", null).statusCode());
    assertEquals(403, local("/session", null, "wrong-token").statusCode());
    assertEquals(200, local("/session", null, LOCAL_TOKEN).statusCode());
    for (String broken : List.of("%", "%zz", LOCAL_TOKEN + "%")) {
      HttpResponse<Buffer> r = WebClient.create(client).get(agent.localPort(), "127.0.0.1", "/session?access_token=" + broken)
          .timeout(5000).send().await();
      assertEquals(403, r.statusCode(), "a broken percent-escape in the token is answered, and refused");
      HttpResponse<Buffer> upgrade = WebClient.create(client).get(agent.localPort(), "127.0.0.1", "/events?access_token=" + broken)
          .putHeader("Connection", "Upgrade").putHeader("Upgrade", "websocket").putHeader("Sec-WebSocket-Version", "13")
          .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").timeout(5000).send().await();
      assertTrue(upgrade.statusCode() == 400 || upgrade.statusCode() == 403, "the WebSocket handshake is refused: " + upgrade.statusCode());
    }
    HttpResponse<Buffer> rebinding = WebClient.create(client).get(agent.localPort(), "127.0.0.1", "/session")
        .putHeader("Host", "attacker.example.com").bearerTokenAuthentication(LOCAL_TOKEN).send().await();
    assertEquals(403, rebinding.statusCode());
    assertTrue(client.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
            .setPort(agent.localPort()).setURI("/events").addHeader("Origin", "https://evil.example.com"))
        .transform(ar -> io.vertx.core.Future.succeededFuture(ar.failed())).await(), "a foreign origin must not get events");
  }
}
