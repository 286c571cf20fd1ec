package io.linkgate.cardedge.agent;

import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.card.CardData;
import io.linkgate.cardedge.card.PinFormat;
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
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * The card-edge agent: watches every reader; when a card is inserted it asks the PIN, logs the officer in
 * and keeps the session alive with heartbeats; when the card leaves it logs out at once, and keeps trying while
 * the gateway cannot be reached. It works with one card
 * at a time: a card inserted in another reader while one is in use waits (announced as {@code card-ignored}) and
 * is used when the card in use is removed. Card work runs on
 * one login thread, reader watching on its own thread, HTTP on Vert.x; nothing blocks an event loop.
 */
public final class Agent implements AutoCloseable {

  /** Asks the officer for the PIN of the card in a reader; {@code null} when the officer cancels. */
  @FunctionalInterface
  public interface PinPrompt {
    char[] ask(String readerName);
  }

  /**
   * {@code simulated}: the simulated card's control offered on the local API (demo, tests), or {@code null};
   * {@code localTokenFile}: where the local API's access token is written for the officer's programs once the API
   * listens (and removed when the agent stops), or {@code null}.
   */
  public record Settings(URI gateway, DeviceKey key, Supplier<TerminalFactory> factories, String readerName,
                         LocalApiConfig local, PinPrompt pin, SimulatedCardControl simulated, Path localTokenFile) {

    public Settings(URI gateway, DeviceKey key, Supplier<TerminalFactory> factories, String readerName,
                    LocalApiConfig local, PinPrompt pin, SimulatedCardControl simulated) {
      this(gateway, key, factories, readerName, local, pin, simulated, null);
    }

    public Settings(URI gateway, DeviceKey key, Supplier<TerminalFactory> factories, String readerName,
                    LocalApiConfig local, PinPrompt pin) {
      this(gateway, key, factories, readerName, local, pin, null, null);
    }
  }

  /** One insertion of a card in a reader; each insertion is its own object, compared by identity. */
  private static final class Insertion {
    final String reader;

    Insertion(String reader) {
      this.reader = reader;
    }
  }

  /**
   * The session this agent holds; {@code expiresAt}, its end at the latest (its maximum lifetime); {@code expiryTimer},
   * the heartbeat just after that end.
   */
  private record Active(String token, long heartbeatTimer, long expiryTimer, Instant expiresAt) {
  }

  /** How long after the session's end (as the login answered it) the agent asks the gateway whether it has ended. */
  static final long EXPIRY_CHECK_DELAY_MS = 1_000;
  /** How often it asks again while the gateway, its clock behind this workstation's, says the session goes on. */
  static final long EXPIRY_RECHECK_MS = 5_000;

  /** How often the PIN is asked again after input that is not four digits, before the agent stops asking. */
  static final int MAX_PIN_PROMPTS = 5;

  /** What the officer is told while no card reader can be seen. */
  static final String NO_READER = "No card reader is connected: plug in the card reader. If it is plugged in, ask IT to"
      + " check the smart card service (PC/SC, pcscd); card-edge keeps looking.";

  /** The longest wait between two attempts to sign out at a gateway that does not answer. */
  static final long SIGN_OUT_MAX_DELAY_MS = 30_000;

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
  /** The readers the watcher reports present (watcher thread only). */
  private final java.util.Set<String> readers = new java.util.HashSet<>();
  /** The card this agent works with: the first one inserted, until it is removed (guarded by this). */
  private Insertion inUse;
  /** Cards inserted in other readers while one was in use, in insertion order (guarded by this). */
  private final java.util.LinkedHashMap<String, CardTerminal> waiting = new java.util.LinkedHashMap<>();
  private volatile Active active;
  /** Set by {@link #close}: sign-outs still being retried stop trying. */
  private volatile boolean closing;
  private int localPort;

  private Agent(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.gateway = new GatewayClient(vertx, settings.gateway());
    this.localApi = new LocalApi(vertx, settings.local(), state, settings.simulated());
    this.watcher = new ReaderWatcher(settings.factories(), this::onReaderEvent);
  }

  /**
   * Starts the local API, then writes its access token to {@link Settings#localTokenFile()}, then watches the readers.
   * When the API cannot listen (another card-edge holds the port) this fails and leaves the token file alone: the
   * agent already running keeps its token.
   *
   * @throws IllegalStateException naming the port when it is taken
   * @throws UncheckedIOException when the token file cannot be written
   */
  public static Agent start(Settings settings, PrintStream out) {
    Agent agent = new Agent(settings, out);
    try {
      agent.localPort = agent.localApi.start().toCompletionStage().toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      agent.vertx.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (portTaken(cause)) {
        throw new IllegalStateException("127.0.0.1:" + settings.local().port() + " is in use: is card-edge already"
            + " running? Use that one, or give this one another port with --local-port", cause);
      }
      throw new IllegalStateException("the local API cannot listen on 127.0.0.1:" + settings.local().port() + ": " + cause.getMessage(), cause);
    }
    if (settings.localTokenFile() != null) {
      try {
        writeLocalToken(settings.localTokenFile(), settings.local().accessToken());
      } catch (IOException e) {
        agent.localApi.close();
        agent.vertx.close();
        throw new UncheckedIOException("cannot write the local access token to " + settings.localTokenFile(), e);
      }
    }
    if (!agent.anyReader()) {
      agent.say(NO_READER);
    }
    agent.watcher.start();
    return agent;
  }

  /** Whether a reader can be seen now (asked once at start; the watcher reports later changes). */
  private boolean anyReader() {
    try {
      List<CardTerminal> present = settings.factories().get().terminals().list();
      return present.stream().anyMatch(t -> settings.readerName() == null || settings.readerName().equals(t.getName()));
    } catch (CardException | RuntimeException e) {
      return false;
    }
  }

  private static boolean portTaken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || t.getMessage() != null && t.getMessage().contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  public int localPort() {
    return localPort;
  }

  public AgentState state() {
    return state;
  }

  /** A fresh local API access token (192 random bits, URL-safe). */
  public static String newLocalToken() {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** Writes {@code token} to {@code file}, readable only by the officer's account. */
  private static void writeLocalToken(Path file, String token) throws IOException {
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
  }

  /** Removes the token file when it still holds this agent's token: the token dies with the agent. */
  private void removeLocalToken() {
    Path file = settings.localTokenFile();
    if (file == null) {
      return;
    }
    try {
      if (Files.readString(file, StandardCharsets.US_ASCII).strip().equals(settings.local().accessToken())) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // gone already, or unreadable: nothing of ours to remove
    }
  }

  private void onReaderEvent(ReaderEvent event) {
    if (settings.readerName() != null && !settings.readerName().equals(event.readerName())) {
      return;
    }
    if (event instanceof ReaderEvent.ReaderAdded added) {
      readers.add(added.readerName());
      say("Card reader connected: " + added.readerName() + ".");
    } else if (event instanceof ReaderEvent.ReaderRemoved gone) {
      readers.remove(gone.readerName());
      say("Card reader gone: " + gone.readerName() + "." + (readers.isEmpty() ? " " + NO_READER : ""));
    } else if (event instanceof ReaderEvent.CardInserted inserted) {
      String busy;
      synchronized (this) {
        // the watcher reports a removal before the next insertion in the same reader
        busy = inUse == null ? null : inUse.reader;
        if (busy != null) {
          waiting.put(inserted.readerName(), inserted.terminal());
        }
      }
      if (busy != null) {
        // one officer, one session: the card in use stays signed in; this one waits until that one is removed
        state.cardIgnored(inserted.readerName(), busy);
        say("Card inserted in " + inserted.readerName() + " is waiting: the card in " + busy
            + " is in use. It will be used when that card is removed.");
        return;
      }
      use(inserted.readerName(), inserted.terminal());
    } else if (event instanceof ReaderEvent.CardRemoved removed) {
      Active current;
      Map.Entry<String, CardTerminal> next;
      synchronized (this) {
        if (inUse == null || !inUse.reader.equals(removed.readerName())) {
          waiting.remove(removed.readerName()); // a waiting card taken out
          return;
        }
        inUse = null;
        current = active;
        String oldest = waiting.isEmpty() ? null : waiting.keySet().iterator().next();
        next = oldest == null ? null : Map.entry(oldest, waiting.remove(oldest));
      }
      if (current != null) {
        endSession(current, End.CARD_REMOVED).onSuccess(v -> say("Card removed: signed out."));
      }
      state.cardRemoved();
      if (next != null) {
        use(next.getKey(), next.getValue());
      }
    }
  }

  /** Makes the card in {@code reader} the one in use and signs its officer in. */
  private void use(String reader, CardTerminal terminal) {
    Insertion insertion = new Insertion(reader);
    synchronized (this) {
      inUse = insertion;
    }
    state.cardInserted(reader);
    say("Card inserted in " + reader + ".");
    loginThread.execute(() -> login(terminal, insertion));
  }

  private synchronized boolean inUse(Insertion insertion) {
    return inUse == insertion;
  }

  /** Whether a card is in use (another insertion may have replaced the one a login started with). */
  private synchronized boolean inUse() {
    return inUse != null;
  }

  private void login(CardTerminal terminal, Insertion insertion) {
    if (!inUse(insertion)) {
      return; // the card left before we got to it
    }
    state.loggingIn();
    try (ThaiIdCard card = ThaiIdCard.open(terminal)) {
      // read first: a card that is not a Thai ID card, or cannot be read, is told before any PIN is asked for it
      CardData data = card.read();
      CardLogin login = new CardLogin(gateway, settings.key());
      int tries = triesRemaining(card);
      if (tries == 0) {
        throw login.blocked(data); // no PIN to ask: the card refuses any
      }
      if (tries > 0 && tries < ThaiIdCard.PIN_TRY_LIMIT) {
        say(tries == 1
            ? "Careful: 1 try left. A wrong PIN now blocks the card, and a new PIN must then be requested in person."
            : tries + " tries left before the card blocks (a wrong PIN was typed before).");
      }
      char[] pin = askPin(insertion);
      if (pin == null) {
        if (inUse(insertion)) {
          state.loginFailed("cancelled", "The PIN was not entered.");
        }
        return; // else the card left: its removal was announced, and a card inserted since has its own login
      }
      JsonObject session;
      try {
        session = login.login(card, data, pin);
      } finally {
        Arrays.fill(pin, '\0');
      }
      String token = session.getString("token");
      long every = Math.max(5, session.getLong("idleTimeoutSeconds", 900L) / 3) * 1000;
      Instant expiresAt = expiry(session);
      // checked and taken under the lock the removal takes: either the removal sees this session and ends it,
      // or this sees the removal and logs out
      synchronized (this) {
        if (inUse != insertion) {
          signOut(token, expiresAt, true, 0); // the card left while we logged in
          return;
        }
        // At its maximum lifetime the session ends at the gateway whatever the heartbeats say: asked then, not up to a
        // heartbeat period later, so that the local API stops handing out a dead token (see expiryCheck)
        long untilEnd = untilEnd(expiresAt);
        long timer = vertx.setPeriodic(every, id -> heartbeat(token));
        long expiryTimer = vertx.setTimer(untilEnd + EXPIRY_CHECK_DELAY_MS, id -> expiryCheck(token, expiresAt, every));
        active = new Active(token, timer, expiryTimer, expiresAt);
        state.sessionOpened(session);
      }
      say("Signed in (" + session.getJsonObject("officer", new JsonObject()).getValue("roles") + "). Remove the card to sign out.");
    } catch (CardAccessException e) {
      // the console first, then the event: whoever follows the events finds the officer told
      say(e.getMessage());
      state.loginFailed(e.reason().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
    } catch (LoginFailure e) {
      say(e.getMessage() + (e.kind() == LoginFailure.Kind.WRONG_PIN ? " Remove and insert the card to try again." : ""));
      state.loginFailed(e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
    } catch (GatewayRefusal e) {
      say("LinkGate refused the sign-in: " + e.problem().getString("detail", e.problem().getString("title", e.getMessage()))
          + " (" + e.slug() + ")");
      state.loginFailed(e.slug(), e.problem().getString("detail", e.getMessage()));
    } catch (GatewayUnreachable e) {
      say(e.getMessage() + " Then remove and insert the card to sign in.");
      state.loginFailed("gateway-unreachable", e.getMessage());
    } catch (RuntimeException e) {
      say("card-edge failed: " + e.getClass().getSimpleName());
      state.loginFailed("error", "card-edge failed: " + e.getClass().getSimpleName());
    }
  }

  /** The card's PIN tries left, asked without using one; -1 when the card does not say (the officer is then not warned). */
  private static int triesRemaining(ThaiIdCard card) throws CardAccessException {
    try {
      return card.pinTriesRemaining();
    } catch (CardAccessException e) {
      if (e.reason() == CardAccessException.Reason.COMMUNICATION) {
        return -1;
      }
      throw e;
    }
  }

  /**
   * The officer's PIN for the card of {@code insertion}, asked again while what was typed is not four digits (it
   * is never sent: no try is used); {@code null} when the officer cancels or the card has left meanwhile.
   */
  private char[] askPin(Insertion insertion) {
    for (int asked = 1; ; asked++) {
      char[] pin = settings.pin().ask(insertion.reader);
      if (pin != null && !inUse(insertion)) {
        // typed for a card that was taken out meanwhile, maybe by the next officer for their own card: it goes nowhere
        Arrays.fill(pin, '\0');
        say("The card was taken out while its PIN was asked: nothing was sent." + (inUse() ? " The PIN is asked again"
            + " for the card now inserted." : ""));
        return null;
      }
      if (pin == null || PinFormat.wellFormed(pin)) {
        return pin;
      }
      Arrays.fill(pin, '\0');
      if (asked == MAX_PIN_PROMPTS) {
        return null;
      }
      say(PinFormat.RULE);
    }
  }

  /** Milliseconds from now to {@code end} by this workstation's clock, 0 when past, at most a day and a half. */
  static long untilEnd(Instant end) {
    Instant now = Instant.now();
    if (!end.isAfter(now)) {
      return 0;
    }
    Instant cap = now.plus(java.time.Duration.ofHours(36)); // sessions live a day at most (session.maxLifetime)
    return java.time.Duration.between(now, end.isBefore(cap) ? end : cap).toMillis();
  }

  /**
   * The heartbeat at the session's end by the login's {@code expiresAt}. The gateway decides: a workstation clock ahead
   * of the gateway's makes this come early, answered 204, so it is asked again every {@link #EXPIRY_RECHECK_MS} until
   * it ends the session or a heartbeat period has passed since the end by this clock (the periodic heartbeat then
   * covers any larger difference). A session that ended meanwhile is not asked about.
   */
  private void expiryCheck(String token, Instant expiresAt, long every) {
    Active current = active;
    if (current == null || !current.token().equals(token)) {
      return;
    }
    heartbeat(token).onComplete(ar -> {
      Active now = active;
      if (now != null && now.token().equals(token) && Instant.now().isBefore(expiresAt.plusMillis(every))) {
        vertx.setTimer(EXPIRY_RECHECK_MS, id -> expiryCheck(token, expiresAt, every));
      }
    });
  }

  private io.vertx.core.Future<Void> heartbeat(String token) {
    return gateway.heartbeat(token).onFailure(e -> {
      Active current = active;
      if (e instanceof GatewayRefusal refusal && refusal.status() == 401 && current != null && current.token().equals(token)) {
        endSession(current, End.ENDED_AT_GATEWAY);
        say("The session ended at the gateway (" + refusal.slug() + "); remove and insert the card to sign in again.");
      }
    });
  }

  /** Why the agent ends its session: the reason its local API announces, and whether the gateway is told. */
  private enum End {
    /** The card left its reader: signed out as {@code card-removed}, which the gateway records as such. */
    CARD_REMOVED("card-removed"),
    /** The agent stops (Ctrl+C, SIGTERM, the workstation shutting down) with the card maybe still in: a plain logout. */
    AGENT_STOPPED("agent-stopped"),
    /** The gateway ended it (a heartbeat answered 401): nothing to tell it. */
    ENDED_AT_GATEWAY("ended");

    final String event;

    End(String event) {
      this.event = event;
    }
  }

  private synchronized io.vertx.core.Future<Void> endSession(Active current, End end) {
    if (active != current) {
      return io.vertx.core.Future.succeededFuture();
    }
    active = null;
    vertx.cancelTimer(current.heartbeatTimer());
    vertx.cancelTimer(current.expiryTimer());
    state.sessionClosed(end.event);
    return end == End.ENDED_AT_GATEWAY ? io.vertx.core.Future.succeededFuture()
        : signOut(current.token(), current.expiresAt(), end == End.CARD_REMOVED, 0);
  }

  /**
   * Ends the session at the gateway. Removing the card must end it there, not only here: while the gateway cannot
   * be reached or fails (5xx, 408, 429) this tries again, 1 s later and then doubling up to
   * {@link #SIGN_OUT_MAX_DELAY_MS}, until the gateway answers, the session has reached its maximum lifetime
   * anyway, or the agent stops. A 401 means the session had already ended. Completes when the gateway has ended
   * it; fails when the attempts stop without that.
   */
  private io.vertx.core.Future<Void> signOut(String token, Instant expiresAt, boolean cardRemoved, int attempt) {
    return gateway.logout(token, cardRemoved).recover(e -> {
      if (e instanceof GatewayRefusal refusal && refusal.status() == 401) {
        return io.vertx.core.Future.succeededFuture(); // already ended at the gateway
      }
      boolean retriable = e instanceof GatewayUnreachable || e instanceof GatewayRefusal refusal
          && (refusal.status() >= 500 || refusal.status() == 408 || refusal.status() == 429);
      if (!retriable || closing || !Instant.now().isBefore(expiresAt)) {
        if (attempt > 0 || !retriable) {
          say("Could not sign out at the gateway: " + e.getMessage());
        }
        return io.vertx.core.Future.failedFuture(e);
      }
      if (attempt == 0) {
        say("Could not sign out at the gateway yet (" + e.getMessage() + "); trying again until it answers.");
      }
      long delay = Math.min(SIGN_OUT_MAX_DELAY_MS, 1000L << Math.min(attempt, 15));
      io.vertx.core.Promise<Void> retried = io.vertx.core.Promise.promise();
      vertx.setTimer(delay, id -> signOut(token, expiresAt, cardRemoved, attempt + 1).onComplete(retried));
      return retried.future();
    });
  }

  /** The session's maximum lifetime from the gateway's answer; a day (the longest the gateway allows) without one. */
  private static Instant expiry(JsonObject session) {
    try {
      return Instant.parse(session.getString("expiresAt"));
    } catch (RuntimeException e) {
      return Instant.now().plus(java.time.Duration.ofDays(1));
    }
  }

  private void say(String line) {
    out.println("[card-edge] " + line);
  }

  @Override
  public void close() {
    closing = true;
    watcher.close();
    Active current = active;
    if (current != null) {
      try {
        endSession(current, End.AGENT_STOPPED).await(2, java.util.concurrent.TimeUnit.SECONDS);
        say("Stopped: signed out.");
      } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
        say("could not sign out at the gateway before stopping; the session will time out");
      }
    }
    loginThread.shutdownNow();
    try {
      localApi.close();
    } finally {
      removeLocalToken();
      vertx.close();
    }
  }
}
