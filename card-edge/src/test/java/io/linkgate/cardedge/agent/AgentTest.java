package io.linkgate.cardedge.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.card.PinFormat;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.cardedge.localapi.LocalApiConfig;
import io.linkgate.cardedge.sim.InMemoryPinCounterStore;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedCards;
import io.linkgate.cardedge.sim.SimulatedReader;
import io.linkgate.cardedge.sim.SimulatedTerminals;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent without a gateway (its address answers nothing): the PIN entry at the officer's console (what is typed
 * is checked before it reaches the card, and the PIN is only asked for a card that could be read) and the local
 * access token file.
 */
class AgentTest {

  @TempDir
  Path dir;

  final SimulatedTerminals terminals = new SimulatedTerminals();
  final SimulatedReader reader = terminals.addReader("Counter 3 reader");
  final SimulatedThaiIdCard card = new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer"),
      new InMemoryPinCounterStore(), SimulatedCards.defaultIssuerKey());
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  final AtomicInteger asked = new AtomicInteger();
  /** What happens at the workstation while the officer types the first PIN asked, or null. */
  volatile Runnable whileFirstAsked;
  Agent agent;

  /** Starts an agent whose officer types {@code typed}, one entry per prompt (then cancels). */
  private void start(String... typed) throws IOException {
    agent = agent(new LocalApiConfig(0, "local-token-for-tests", List.of()), null, typed);
    agent.state().subscribe(events::add);
  }

  private Agent agent(LocalApiConfig local, Path tokenFile, String... typed) throws IOException {
    Queue<String> entries = new ConcurrentLinkedQueue<>(List.of(typed));
    return Agent.start(new Agent.Settings(URI.create("http://127.0.0.1:" + closedPort()), DeviceKey.demo(), () -> {
      try {
        return terminals.terminalFactory();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }, null, local, name -> {
      if (asked.incrementAndGet() == 1 && whileFirstAsked != null) {
        whileFirstAsked.run();
      }
      String entry = entries.poll();
      return entry == null ? null : entry.toCharArray();
    }, null, tokenFile), new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private JsonObject nextOfType(String type) throws InterruptedException {
    return nextOfType(events, type);
  }

  private static JsonObject nextOfType(BlockingQueue<JsonObject> events, String type) throws InterruptedException {
    for (;;) {
      JsonObject e = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(e, "no " + type + " event from the agent");
      if (e.getString("type").equals(type)) {
        return e;
      }
    }
  }

  @Test
  void should_ask_the_pin_again_without_using_a_try_when_what_was_typed_is_not_four_digits() throws Exception {
    start("12a4", "1234");
    reader.insert(card);

    JsonObject failed = nextOfType("login-failed");
    assertEquals("gateway-unreachable", failed.getString("reason"), "the second, well-formed PIN went on to the login");
    assertEquals(2, asked.get(), "the PIN is asked again after a malformed one");
    assertTrue(console.toString(StandardCharsets.UTF_8).contains(PinFormat.RULE), console.toString(StandardCharsets.UTF_8));
    assertEquals(3, card.triesRemaining(), "nothing malformed reached the card");
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("cannot be reached: nothing answers at that address"),
        console.toString(StandardCharsets.UTF_8));
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("Then remove and insert the card to sign in."));
  }

  @Test
  void should_not_ask_the_pin_when_the_card_cannot_be_read() throws Exception {
    start("1234");
    reader.insert(card);
    reader.removeCardAfter(3); // pulled out during the read, long before the watcher's first round sees it

    JsonObject failed = nextOfType("login-failed");
    assertEquals("card_removed", failed.getString("reason"));
    assertEquals(0, asked.get(), "no PIN is asked for a card that could not be read");
  }

  private static SimulatedThaiIdCard officerCardWithTries(int tries) {
    InMemoryPinCounterStore counter = new InMemoryPinCounterStore();
    counter.save("officer", tries);
    return new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer"), counter, SimulatedCards.defaultIssuerKey());
  }

  @Test
  void should_warn_before_the_pin_is_asked_when_one_try_is_left() throws Exception {
    start("1234");
    reader.insert(officerCardWithTries(1));

    assertEquals("gateway-unreachable", nextOfType("login-failed").getString("reason"));
    assertEquals(1, asked.get());
    String said = console.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("Careful: 1 try left. A wrong PIN now blocks the card"), said);
  }

  @Test
  void should_not_ask_the_pin_of_a_blocked_card_and_say_what_to_do() throws Exception {
    start("1234");
    SimulatedThaiIdCard blocked = officerCardWithTries(0);
    reader.insert(blocked);

    JsonObject failed = nextOfType("login-failed");
    assertEquals("pin_blocked", failed.getString("reason"));
    assertEquals(0, asked.get(), "a blocked card refuses any PIN: none is asked");
    assertTrue(failed.getString("message").contains("Request a new PIN in person at a district registration office"),
        failed.getString("message"));
    assertTrue(failed.getString("message").contains("LinkGate could not be told"), "the gateway was asked to be told: "
        + failed.getString("message"));
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("district registration office"));
    assertEquals(0, blocked.triesRemaining());
  }

  @Test
  void should_tell_the_officer_when_no_card_reader_is_connected() throws Exception {
    reader.unplug();
    start();
    assertTrue(console.toString(StandardCharsets.UTF_8).contains(Agent.NO_READER), console.toString(StandardCharsets.UTF_8));

    SimulatedReader plugged = terminals.addReader("Counter 3 reader");
    plugged.insert(officerCardWithTries(3));
    nextOfType("card-inserted");
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("Card reader connected: Counter 3 reader."));

    plugged.unplug();
    terminals.addReader("Counter 4 reader").insert(officerCardWithTries(3));
    assertEquals("Counter 4 reader", nextOfType("card-inserted").getString("reader"));
    String said = console.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("Card reader gone: Counter 3 reader. " + Agent.NO_READER), said);
  }

  @Test
  void should_send_nothing_when_the_card_is_swapped_while_its_pin_is_typed_and_ask_again_for_the_new_card() throws Exception {
    SimulatedThaiIdCard next = officerCardWithTries(3);
    BlockingQueue<JsonObject> seenAtTheDesk = new LinkedBlockingQueue<>();
    whileFirstAsked = () -> {
      try {
        reader.remove(); // the officer walks away; the next one puts their card in and types at the open prompt
        nextOfType(seenAtTheDesk, "card-removed");
        reader.insert(next);
        nextOfType(seenAtTheDesk, "card-inserted");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    start("1234");
    agent.state().subscribe(seenAtTheDesk::add);
    reader.insert(card);

    assertEquals("cancelled", nextOfType("login-failed").getString("reason"), "the second prompt, for the new card, was cancelled");
    assertEquals(2, asked.get(), "the PIN is asked again for the card now inserted");
    String said = console.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("The card was taken out while its PIN was asked: nothing was sent. The PIN is asked again"), said);
    assertFalse(said.contains("cannot be reached"), "the PIN typed for the old card went on to a login: " + said);
    assertEquals(3, card.triesRemaining());
    assertEquals(3, next.triesRemaining());
  }

  @Test
  void should_leave_the_running_agents_token_file_alone_when_a_second_agent_cannot_listen() throws Exception {
    Path tokenFile = dir.resolve("card-edge").resolve("local-token");
    String first = Agent.newLocalToken();
    agent = agent(new LocalApiConfig(0, first, List.of()), tokenFile);
    assertEquals(first, Files.readString(tokenFile).strip());
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(tokenFile));

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> agent(new LocalApiConfig(agent.localPort(), Agent.newLocalToken(), List.of()), tokenFile));
    assertTrue(refused.getMessage().contains("127.0.0.1:" + agent.localPort() + " is in use"), refused.getMessage());
    assertEquals(first, Files.readString(tokenFile).strip(), "the running agent's programs keep a token that works");
  }

  @Test
  void should_remove_the_token_file_when_the_agent_stops() throws Exception {
    Path tokenFile = dir.resolve("local-token");
    agent = agent(new LocalApiConfig(0, Agent.newLocalToken(), List.of()), tokenFile);
    assertTrue(Files.exists(tokenFile));
    agent.close();
    agent = null;
    assertFalse(Files.exists(tokenFile), "a stopped agent's token is not left lying around");
  }
}
