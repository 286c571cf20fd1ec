package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * card-edge's real login command against a real gateway: the simulated card reads through javax.smartcardio,
 * verifies the PIN on the card, answers the challenge; the sandbox checks the answer in DOPA's role.
 */
class CardEdgeLoginTest {

  static final String ADMIN_TOKEN = RunningGateway.ADMIN_TOKEN;

  @TempDir
  static Path dir;
  static RunningGateway running;
  static String dbUrl;
  static Gateway gateway;
  static WebClient api;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC());
    dbUrl = running.dbUrl();
    gateway = running.gateway();
    api = running.api();
  }

  @AfterAll
  static void stop() {
    gateway.stop();
  }

  record Run(int exit, String out, String err) {
  }

  static Run cardEdge(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = io.linkgate.cardedge.Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Run login(String profile, String pin, Path cardState) {
    List<String> args = new ArrayList<>(List.of("login", "--gateway", "http://127.0.0.1:" + gateway.apiPort(),
        "--simulated-card", profile, "--sim-state-dir", cardState.toString(), "--demo-device", "--pin-stdin"));
    return cardEdge(pin + "\n", args.toArray(String[]::new));
  }

  @Test
  void should_print_a_working_session_when_the_pin_is_right() {
    Run run = login("officer", "1234", dir.resolve("cards-ok"));
    assertEquals(0, run.exit(), run.err());
    JsonObject session = new JsonObject(run.out());
    assertEquals("นางสาวกมลชนก ศรีสุข", session.getJsonObject("officer").getString("displayName"));
    assertEquals(200, api.get("/v1/sessions/current").bearerTokenAuthentication(session.getString("token")).send().await().statusCode());
    assertFalse(run.err().contains("1234"));
  }

  @Test
  void should_end_the_session_with_the_logout_command() {
    Run run = login("officer", "1234", dir.resolve("cards-logout"));
    String token = new JsonObject(run.out()).getString("token");
    Run logout = cardEdge(token + "\n", "logout", "--gateway", "http://127.0.0.1:" + gateway.apiPort());
    assertEquals(0, logout.exit(), logout.err());
    assertEquals(401, api.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
    assertEquals(7, cardEdge(token + "\n", "logout", "--gateway", "http://127.0.0.1:" + gateway.apiPort()).exit());
  }

  @Test
  void should_count_down_wrong_pins_block_the_card_lock_the_officer_and_log_in_again_after_unlock() throws Exception {
    Path cards = dir.resolve("cards-block");
    Run first = login("officer2", "0000", cards);
    assertEquals(5, first.exit(), first.err());
    assertTrue(first.err().contains("2 tries left"), first.err());
    Run second = login("officer2", "1111", cards);
    assertEquals(5, second.exit());
    assertTrue(second.err().contains("1 try left"), second.err());
    Run third = login("officer2", "2222", cards);
    assertEquals(6, third.exit(), third.err());
    assertTrue(third.err().contains("Wrong PIN: the card is now blocked."), third.err());
    // a new card-edge run with the same card: the card itself remembers it is blocked, even for the right PIN
    Run blocked = login("officer2", "1234", cards);
    assertEquals(6, blocked.exit(), blocked.err());
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT locked_at IS NOT NULL FROM officer WHERE id = '" + DemoData.officerId(DemoData.OFFICERS.get(1)) + "'")) {
      rs.next();
      assertTrue(rs.getBoolean(1), "the gateway locked the officer");
    }
    // the officer gets a new PIN at the district office (a fresh card state), but is still locked in LinkGate
    Path renewed = dir.resolve("cards-renewed");
    Run locked = login("officer2", "1234", renewed);
    assertEquals(7, locked.exit());
    assertTrue(locked.err().contains("urn:linkgate:problem:officer-locked"), locked.err());
    assertEquals(204, api.post("/v1/admin/officers/" + DemoData.officerId(DemoData.OFFICERS.get(1)) + "/unlock")
        .bearerTokenAuthentication(ADMIN_TOKEN).send().await().statusCode());
    assertEquals(0, login("officer2", "1234", renewed).exit());
  }

  @Test
  void should_exit_seven_with_the_problem_type_when_the_gateway_refuses() {
    Run stranger = login("stranger", "1234", dir.resolve("cards-stranger"));
    assertEquals(7, stranger.exit());
    assertTrue(stranger.err().contains("urn:linkgate:problem:officer-not-registered"), stranger.err());
  }

  @Test
  void should_refuse_an_expired_card_and_accept_a_lifetime_card() {
    for (String profile : List.of("expired", "lifetime")) {
      String cid = io.linkgate.cardedge.sim.SimulatedCardProfiles.byName(profile).citizenId();
      int status = api.post("/v1/admin/officers").bearerTokenAuthentication(ADMIN_TOKEN).sendJsonObject(new JsonObject()
          .put("citizenId", cid).put("agency", "DEMO").put("nameTh", "ทดสอบ " + profile).put("rank", "K1")
          .put("roles", new JsonArray().add("USER")).put("services", new JsonArray().add("NC-CIVILREG"))).await().statusCode();
      assertEquals(201, status);
    }
    Run expired = login("expired", "1234", dir.resolve("cards-expired"));
    assertEquals(7, expired.exit());
    assertTrue(expired.err().contains("card-expired"), expired.err());
    assertEquals(0, login("lifetime", "1234", dir.resolve("cards-lifetime")).exit());
  }

  @Test
  void should_exit_eight_when_the_gateway_is_unreachable() throws Exception {
    int closed = io.linkgate.testing.GatewayProcess.freePort();
    Run run = cardEdge("1234\n", "login", "--gateway", "http://127.0.0.1:" + closed, "--simulated-card", "officer",
        "--sim-state-dir", dir.resolve("cards-unreachable").toString(), "--demo-device", "--pin-stdin");
    assertEquals(8, run.exit(), run.err());
  }

  @Test
  void should_exit_two_for_an_unknown_profile_or_a_missing_device_key() {
    assertEquals(2, cardEdge("", "login", "--simulated-card", "nobody", "--demo-device", "--pin-stdin").exit());
    assertEquals(2, cardEdge("1234\n", "login", "--simulated-card", "officer", "--device-key", dir.resolve("none.key").toString(),
        "--pin-stdin").exit());
  }
}
