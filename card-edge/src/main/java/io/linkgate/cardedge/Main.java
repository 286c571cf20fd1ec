package io.linkgate.cardedge;

import io.linkgate.cardedge.agent.Agent;
import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.card.PinFormat;
import io.linkgate.cardedge.card.ThaiIdCard;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.cardedge.gateway.GatewayClient;
import io.linkgate.cardedge.gateway.GatewayRefusal;
import io.linkgate.cardedge.gateway.GatewayUnreachable;
import io.linkgate.cardedge.localapi.LocalApiConfig;
import io.linkgate.cardedge.login.CardLogin;
import io.linkgate.cardedge.login.LoginFailure;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedCards;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The card-edge workstation agent's command line. */
public final class Main {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int NO_READER = 3;
  public static final int NO_CARD = 4;
  public static final int WRONG_PIN = 5;
  public static final int PIN_BLOCKED = 6;
  public static final int GATEWAY_REFUSED = 7;
  public static final int GATEWAY_UNREACHABLE = 8;
  public static final int CARD_UNUSABLE = 9;

  static final String USAGE_TEXT = """
      Usage: java -jar linkgate-card-edge.jar [command] [options]

      card-edge runs on the officer's workstation (not on the server). It reads the officer's national ID
      card, has the card itself verify the PIN, and opens a LinkGate card session.

      Commands:
        (none)      the agent: watch every reader, sign the officer in when a card is inserted (PIN asked on
                    the console), keep the session alive, sign out within a second when the card is removed;
                    serves the local API on 127.0.0.1 (GET /session, WebSocket /events)
        enroll      make this workstation's device key; prints the public key for the admin to enroll
        login       read the card, verify the PIN on the card, open a session; prints the session JSON
        logout      end a session (token read from standard input)
        readers     list the card readers
        profiles    list the simulated card profiles

      Options:
        --gateway URL              the LinkGate gateway (default http://localhost:8080)
        --reader NAME              use this reader (default: the first one holding a card)
        --simulated-card PROFILE   a simulated card in a simulated reader instead of real readers (demo, tests)
        --sim-state-dir DIR        where simulated cards keep their PIN try counters (default ~/.linkgate/simulated-cards)
        --sim-issuer-key-file FILE the sandbox's card issuer key (base64 of 32 bytes) for the simulated card, when
                                   the sandbox does not use the public demo key (docker-compose)
        --device-key FILE          this workstation's key (default ~/.linkgate/card-edge/device.key)
        --demo-device              use the demo workstation's key (enrolled by the gateway's --demo data)
        --device-id ID             (enroll) the id this workstation is enrolled under; with --demo-device, which
                                   demo workstation (demo-workstation, or demo-central-workstation for the
                                   central unit's officers: service-supervisor, admin, superadmin, auditor)
        --pin-stdin                (login) read the PIN from standard input instead of the console
        --local-port PORT          (agent) local API port on 127.0.0.1 (default 9898)
        --allowed-origin ORIGIN    (agent) a web application origin allowed to use the local API (repeatable),
                                   e.g. LinkGate's web console: http://localhost:8080
        --local-token-file FILE    (agent) where the local API access token is written
                                   (default ~/.linkgate/card-edge/local-token, mode 600; removed on stop)

      ~ is $HOME (Java's user.home when HOME is unset or empty).

      Exit status of login: 0 session opened, 2 usage (or a PIN that is not 4 digits), 3 no reader, 4 no card, 5 wrong PIN, 6 PIN blocked,
      7 gateway refused (its problem type on stderr), 8 gateway unreachable, 9 card unusable.
      """;

  private static final Set<String> WITH_VALUE = Set.of("--gateway", "--reader", "--simulated-card", "--sim-state-dir", "--sim-issuer-key-file",
      "--device-key", "--device-id", "--local-port", "--allowed-origin", "--local-token-file");
  private static final Set<String> FLAGS = Set.of("--pin-stdin", "--demo-device", "--help");

  private Main() {
  }

  public static void main(String[] args) {
    // standard input unbuffered: System.in's buffer would keep a copy of the PIN line (--pin-stdin) nobody wipes
    System.exit(run(args, new java.io.FileInputStream(java.io.FileDescriptor.in), System.out, System.err));
  }

  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String command = !rest.isEmpty() && !rest.get(0).startsWith("--") ? rest.remove(0) : "daemon";
    Options options;
    try {
      options = Options.parse(rest, WITH_VALUE, FLAGS);
    } catch (Options.UsageException e) {
      err.println("card-edge: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    if (options.has("--help")) {
      out.print(USAGE_TEXT);
      return OK;
    }
    try {
      return switch (command) {
        case "enroll" -> enroll(options, out, err);
        case "login" -> login(options, in, out, err);
        case "logout" -> logout(options, in, out, err);
        case "readers" -> readers(options, out, err);
        case "profiles" -> {
          SimulatedCardProfiles.names().forEach(out::println);
          yield OK;
        }
        case "daemon" -> daemon(options, out, err);
        default -> {
          err.println("card-edge: unknown command '" + command + "'");
          err.print(USAGE_TEXT);
          yield USAGE;
        }
      };
    } catch (Options.UsageException | IllegalArgumentException e) {
      err.println("card-edge: " + e.getMessage());
      return USAGE;
    }
  }

  private static int enroll(Options o, PrintStream out, PrintStream err) {
    String id = o.get("--device-id");
    if (id == null) {
      throw new Options.UsageException("enroll needs --device-id (the name the admin enrolls this workstation under)");
    }
    Path file = Path.of(o.get("--device-key", DeviceKey.defaultFile().toString()));
    DeviceKey key;
    try {
      key = DeviceKey.generate(file, id);
    } catch (IOException e) {
      err.println("card-edge: cannot write the device key: " + e.getMessage());
      return FAILED;
    }
    out.println("Device key written to " + file.toAbsolutePath() + " (readable only by you).");
    out.println("Ask a LinkGate admin to enroll this workstation:");
    out.println(new JsonObject().put("id", id).put("agency", "<your agency code>").put("publicKey", key.publicKeyBase64())
        .put("label", "<where this workstation is>").encodePrettily());
    out.println("(POST /v1/admin/devices)");
    return OK;
  }

  private static int login(Options o, InputStream in, PrintStream out, PrintStream err) {
    DeviceKey key = deviceKey(o, err);
    if (key == null) {
      return USAGE;
    }
    // the card and gateway options are checked before the PIN is read: an officer does not type a PIN for nothing
    CardSource source = cardSource(o);
    URI gatewayUrl = gatewayUrl(o);
    char[] pin = readPin(o, in, err);
    if (pin == null) {
      return USAGE;
    }
    if (!PinFormat.wellFormed(pin)) {
      Arrays.fill(pin, '\0');
      err.println("card-edge: " + PinFormat.RULE);
      return USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try (GatewayClient gateway = new GatewayClient(vertx, gatewayUrl);
         ThaiIdCard card = source.open(o.get("--reader"))) {
      JsonObject session = new CardLogin(gateway, key).login(card, pin);
      out.println(session.encodePrettily());
      return OK;
    } catch (CardAccessException e) {
      err.println("card-edge: " + e.getMessage());
      return switch (e.reason()) {
        case NO_READER -> NO_READER;
        case NO_CARD, CARD_REMOVED -> NO_CARD;
        case PIN_BLOCKED -> PIN_BLOCKED;
        default -> CARD_UNUSABLE;
      };
    } catch (LoginFailure e) {
      err.println("card-edge: " + e.getMessage());
      return e.kind() == LoginFailure.Kind.PIN_BLOCKED ? PIN_BLOCKED : WRONG_PIN;
    } catch (GatewayRefusal e) {
      err.println("card-edge: the gateway refused the login: " + e.getMessage());
      err.println("card-edge: problem type " + e.type());
      return GATEWAY_REFUSED;
    } catch (GatewayUnreachable e) {
      err.println("card-edge: " + e.getMessage());
      return GATEWAY_UNREACHABLE;
    } finally {
      Arrays.fill(pin, '\0');
      vertx.close();
    }
  }

  private static int logout(Options o, InputStream in, PrintStream out, PrintStream err) {
    String token;
    try {
      token = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      token = null;
    }
    if (token == null || token.isBlank()) {
      err.println("card-edge: logout reads the session token from standard input");
      return USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try (GatewayClient gateway = new GatewayClient(vertx, gatewayUrl(o))) {
      gateway.logout(token.trim(), false).await();
      out.println("Session ended.");
      return OK;
    } catch (GatewayRefusal e) {
      err.println("card-edge: the gateway refused the logout: " + e.getMessage());
      return GATEWAY_REFUSED;
    } catch (GatewayUnreachable e) {
      err.println("card-edge: " + e.getMessage());
      return GATEWAY_UNREACHABLE;
    } finally {
      vertx.close();
    }
  }

  private static int readers(Options o, PrintStream out, PrintStream err) {
    try {
      List<String> names = cardSource(o).readerNames();
      if (names.isEmpty()) {
        err.println("card-edge: no card reader found");
        return NO_READER;
      }
      names.forEach(out::println);
      return OK;
    } catch (Options.UsageException e) {
      throw e;
    } catch (javax.smartcardio.CardException | RuntimeException e) {
      err.println("card-edge: no card reader found (is the PC/SC service, pcscd, running?)");
      return NO_READER;
    }
  }

  private static int daemon(Options o, PrintStream out, PrintStream err) {
    DeviceKey key = deviceKey(o, err);
    if (key == null) {
      return USAGE;
    }
    // options first: a bad one is a usage error (exit 2) naming it, before anything starts
    URI gateway = gatewayUrl(o);
    LocalApiConfig local = new LocalApiConfig(localPort(o), Agent.newLocalToken(), o.all("--allowed-origin"));
    Console console = System.console();
    if (console == null) {
      err.println("card-edge: the agent asks the officer's PIN on the console; run it in a terminal");
      return USAGE;
    }
    Path tokenFile = Path.of(o.get("--local-token-file", StateHome.directory().resolve("card-edge").resolve("local-token").toString()));
    Agent agent;
    try {
      CardSource source = cardSource(o);
      agent = Agent.start(new Agent.Settings(gateway, key, source.factories(), o.get("--reader"), local,
          (reader) -> console.readPassword("Officer's PIN for the card in %s: ", reader), source.simulatedControl(), tokenFile), out);
    } catch (Options.UsageException e) {
      throw e;
    } catch (RuntimeException e) {
      err.println("card-edge: the agent could not start: " + e.getMessage());
      return FAILED;
    }
    out.println("card-edge agent running; local API on http://127.0.0.1:" + agent.localPort() + " (access token in " + tokenFile + ").");
    out.println(o.get("--simulated-card") != null
        ? "Simulated card inserted; pull it out and put it back with the web console's buttons"
            + " (or POST /simulated-card/remove, /insert on the local API). Ctrl+C to stop."
        : "Insert the officer's ID card. Ctrl+C to stop.");
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "card-edge-shutdown"));
    try {
      new java.util.concurrent.CountDownLatch(1).await(); // until SIGTERM/Ctrl+C runs the shutdown hook
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }

  private static CardSource cardSource(Options o) {
    String profile = o.get("--simulated-card");
    if (profile != null) {
      if (SimulatedCardProfiles.find(profile).isEmpty()) {
        throw new Options.UsageException("no simulated card profile '" + profile + "'; known: " + SimulatedCardProfiles.names());
      }
      String dir = o.get("--sim-state-dir");
      String keyFile = o.get("--sim-issuer-key-file");
      byte[] issuerKey;
      try {
        issuerKey = keyFile == null ? null : SimulatedCards.readIssuerKey(Path.of(keyFile));
      } catch (IllegalArgumentException e) {
        throw new Options.UsageException(e.getMessage());
      }
      return CardSource.simulated(profile, dir == null ? null : Path.of(dir), issuerKey);
    }
    return CardSource.pcsc();
  }

  /** The device key, or {@code null} after telling the officer why it cannot be loaded. */
  private static DeviceKey deviceKey(Options o, PrintStream err) {
    try {
      if (o.has("--demo-device")) {
        return o.get("--device-id") == null ? DeviceKey.demo() : DeviceKey.demo().as(o.get("--device-id"));
      }
      return DeviceKey.load(Path.of(o.get("--device-key", DeviceKey.defaultFile().toString())));
    } catch (IOException | IllegalArgumentException e) {
      err.println("card-edge: cannot load the device key: " + e.getMessage() + " (run 'enroll' first, or use --demo-device for the demo)");
      return null;
    }
  }

  private static int localPort(Options o) {
    String text = o.get("--local-port", "9898");
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new Options.UsageException("--local-port must be a port number (0 to 65535), was '" + text + "'");
  }

  private static URI gatewayUrl(Options o) {
    String text = o.get("--gateway", "http://localhost:8080");
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new Options.UsageException("--gateway must be a URL such as http://localhost:8080");
    }
    if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new Options.UsageException("--gateway must be a URL such as http://localhost:8080");
    }
    if (uri.getScheme().equals("http") && !loopback(uri.getHost())) {
      // the login's signature and the card session's token would cross the network in the clear
      throw new Options.UsageException("--gateway must be an https:// URL for a gateway on another machine (the login and the "
          + "card session's token travel over it); http:// is for a gateway on this one, was '" + text + "'");
    }
    return uri;
  }

  /** Whether {@code host} (as a URI has it) names this machine: localhost, 127.0.0.0/8 or [::1], without a name lookup. */
  static boolean loopback(String host) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * The PIN as characters, never a String; from the console (no echo) or one line of standard input, read a byte at a
   * time (a decoder's buffer would hold the line, and what follows it, beyond the caller's wiping).
   */
  private static char[] readPin(Options o, InputStream in, PrintStream err) {
    if (o.has("--pin-stdin")) {
      try {
        char[] buf = new char[16];
        int n = 0;
        for (int c; n < buf.length && (c = in.read()) >= 0 && c != '\n' && c != '\r'; ) {
          buf[n++] = c < 0x80 ? (char) c : '\uFFFD'; // not ASCII: not a digit, refused by the PIN's rule
        }
        char[] pin = Arrays.copyOf(buf, n);
        Arrays.fill(buf, '\0');
        if (n == 0) {
          err.println("card-edge: --pin-stdin given but standard input had no PIN");
          return null;
        }
        return pin;
      } catch (IOException e) {
        err.println("card-edge: cannot read the PIN from standard input");
        return null;
      }
    }
    Console console = System.console();
    if (console == null) {
      err.println("card-edge: no console to ask the PIN; use --pin-stdin");
      return null;
    }
    return console.readPassword("Officer's PIN: ");
  }
}
