package io.linkgate.cardedge.agent;

import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.card.ThaiIdCard;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.cardedge.gateway.GatewayClient;
import io.linkgate.cardedge.gateway.GatewayRefusal;
import io.linkgate.cardedge.gateway.GatewayUnreachable;
import io.linkgate.cardedge.localapi.LocalApi;
import io.linkgate.cardedge.localapi.LocalApiConfig;
import io.linkgate.cardedge.localapi.SimulatedCardControl;
import io.linkgate.cardedge.login.CardLogin;
import io.linkgate.cardedge.login.LoginFailure;
import io.linkgate.cardedge.pcsc.ReaderEvent;
import io.linkgate.cardedge.pcsc.ReaderWatcher;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * The card-edge agent: watches every reader; when a card is inserted it asks the PIN, logs the officer in
 * and keeps the session alive with heartbeats; when the card leaves it logs out at once. Card work runs on
 * one login thread, reader watching on its own thread, HTTP on Vert.x; nothing blocks an event loop.
 */
public final class Agent implements AutoCloseable {

  /** Asks the officer for the PIN of the card in a reader; {@code null} when the officer cancels. */
  @FunctionalInterface
  public interface PinPrompt {
    char[] ask(String readerName);
  }

  /** {@code simulated}: the simulated card's control offered on the local API (demo, tests), or {@code null}. */
  public record Settings(URI gateway, DeviceKey key, Supplier<TerminalFactory> factories, String readerName,
                         LocalApiConfig local, PinPrompt pin, SimulatedCardControl simulated) {

    public Settings(URI gateway, DeviceKey key, Supplier<TerminalFactory> factories, String readerName,
                    LocalApiConfig local, PinPrompt pin) {
      this(gateway, key, factories, readerName, local, pin, null);
    }
  }

  /** The session this agent holds, and the reader insertion it belongs to. */
  private record Active(String reader, long insertion, String token, long heartbeatTimer) {
  }

  private final Settings settings;
  private final PrintStream out;
  private final Vertx vertx = Vertx.vertx();
  private final AgentState state = new AgentState(Clock.systemUTC());
  private final GatewayClient gateway;
  private final LocalApi localApi;
  private final ReaderWatcher watcher;
  private final ExecutorService loginThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "card-edge-login");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Long> insertions = new ConcurrentHashMap<>();
  private final AtomicLong insertionCounter = new AtomicLong();
  private volatile Active active;
  private int localPort;

  private Agent(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.gateway = new GatewayClient(vertx, settings.gateway());
    this.localApi = new LocalApi(vertx, settings.local(), state, settings.simulated());
    this.watcher = new ReaderWatcher(settings.factories(), this::onReaderEvent);
  }

  public static Agent start(Settings settings, PrintStream out) {
    Agent agent = new Agent(settings, out);
    agent.localPort = agent.localApi.start().await();
    agent.watcher.start();
    return agent;
  }

  public int localPort() {
    return localPort;
  }

  public AgentState state() {
    return state;
  }

  /** A fresh local API access token, written to {@code file} readable only by the officer's account. */
  public static String newLocalToken(Path file) throws IOException {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    return token;
  }

  private void onReaderEvent(ReaderEvent event) {
    if (settings.readerName() != null && !settings.readerName().equals(event.readerName())) {
      return;
    }
    if (event instanceof ReaderEvent.CardInserted inserted) {
      long insertion = insertionCounter.incrementAndGet();
      insertions.put(inserted.readerName(), insertion);
      state.cardInserted(inserted.readerName());
      say("Card inserted in " + inserted.readerName() + ".");
      loginThread.execute(() -> login(inserted.readerName(), inserted.terminal(), insertion));
    } else if (event instanceof ReaderEvent.CardRemoved removed) {
      insertions.remove(removed.readerName());
      Active current = active;
      if (current != null && current.reader().equals(removed.readerName())) {
        endSession(current, true);
        say("Card removed: signed out.");
      }
      state.cardRemoved();
    }
  }

  private void login(String reader, CardTerminal terminal, long insertion) {
    if (!insertions.getOrDefault(reader, -1L).equals(insertion)) {
      return; // the card left before we got to it
    }
    state.loggingIn();
    try (ThaiIdCard card = ThaiIdCard.open(terminal)) {
      char[] pin = settings.pin().ask(reader);
      if (pin == null) {
        state.loginFailed("cancelled", "The PIN was not entered.");
        return;
      }
      JsonObject session;
      try {
        session = new CardLogin(gateway, settings.key()).login(card, pin);
      } finally {
        Arrays.fill(pin, '\0');
      }
      String token = session.getString("token");
      if (!insertions.getOrDefault(reader, -1L).equals(insertion)) {
        gateway.logout(token, true); // the card left while we logged in
        return;
      }
      long every = Math.max(5, session.getLong("idleTimeoutSeconds", 900L) / 3) * 1000;
      Active now = new Active(reader, insertion, token, 0);
      long timer = vertx.setPeriodic(every, id -> heartbeat(now.token()));
      active = new Active(reader, insertion, token, timer);
      state.sessionOpened(session);
      say("Signed in (" + session.getJsonObject("officer", new JsonObject()).getValue("roles") + "). Remove the card to sign out.");
    } catch (CardAccessException e) {
      state.loginFailed(e.reason().name().toLowerCase(), e.getMessage());
      say(e.getMessage());
    } catch (LoginFailure e) {
      state.loginFailed(e.kind().name().toLowerCase(), e.getMessage());
      say(e.getMessage() + (e.kind() == LoginFailure.Kind.WRONG_PIN ? " Remove and insert the card to try again." : ""));
    } catch (GatewayRefusal e) {
      state.loginFailed(e.slug(), e.problem().getString("detail", e.getMessage()));
      say("The gateway refused the login: " + e.problem().getString("title", "") + " (" + e.slug() + ").");
    } catch (GatewayUnreachable e) {
      state.loginFailed("gateway-unreachable", e.getMessage());
      say(e.getMessage());
    } catch (RuntimeException e) {
      state.loginFailed("error", "card-edge failed: " + e.getClass().getSimpleName());
      say("card-edge failed: " + e.getClass().getSimpleName());
    }
  }

  private void heartbeat(String token) {
    gateway.heartbeat(token).onFailure(e -> {
      Active current = active;
      if (e instanceof GatewayRefusal refusal && refusal.status() == 401 && current != null && current.token().equals(token)) {
        endSession(current, false);
        say("The session ended at the gateway (" + refusal.slug() + "); remove and insert the card to sign in again.");
      }
    });
  }

  private synchronized io.vertx.core.Future<Void> endSession(Active current, boolean logout) {
    if (active != current) {
      return io.vertx.core.Future.succeededFuture();
    }
    active = null;
    vertx.cancelTimer(current.heartbeatTimer());
    state.sessionClosed(logout ? "card-removed" : "ended");
    return logout ? gateway.logout(current.token(), true) : io.vertx.core.Future.succeededFuture();
  }

  private void say(String line) {
    out.println("[card-edge] " + line);
  }

  @Override
  public void close() {
    watcher.close();
    Active current = active;
    if (current != null) {
      try {
        endSession(current, true).await(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
        say("could not sign out at the gateway before stopping; the session will time out");
      }
    }
    loginThread.shutdownNow();
    try {
      localApi.close();
    } finally {
      vertx.close();
    }
  }
}
