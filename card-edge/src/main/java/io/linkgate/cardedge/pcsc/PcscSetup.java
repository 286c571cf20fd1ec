package io.linkgate.cardedge.pcsc;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.smartcardio.CardException;
import javax.smartcardio.TerminalFactory;

/**
 * Prepares the JDK's PC/SC provider for card-edge. {@link #configure()} must run before the provider is first
 * used (its classes read these properties once, when they load):
 *
 * <ul>
 *   <li>{@code sun.security.smartcardio.t0GetResponse=false} and {@code t1GetResponse=false}: the JDK would
 *       otherwise answer {@code 61 xx} itself with a GET RESPONSE in the <em>command's</em> class
 *       ({@code 80 C0 00 00} after a Thai ID READ), which the cards refuse; card-edge's {@code ApduExchange}
 *       sends {@code 00 C0 00 P2} with the P2 each chip generation wants;</li>
 *   <li>{@code sun.security.smartcardio.library}: {@code libpcsclite.so.1} from the usual Linux multiarch
 *       directories, when the user has not set it (older JDKs only look for the unversioned
 *       {@code libpcsclite.so}, which only the -dev package installs).</li>
 * </ul>
 *
 * <p>{@link #newFactory()} also works around the JDK keeping one PC/SC context for the whole JVM: after pcscd
 * restarts, every call fails with {@code SCARD_E_NO_SERVICE} forever. When the JVM opens
 * {@code java.smartcardio/sun.security.smartcardio} to card-edge ({@code --add-opens}, or
 * {@code Add-Opens} in the jar manifest), a dead context is dropped so the next factory establishes a new one.
 */
public final class PcscSetup {

  public static final String T0_GET_RESPONSE = "sun.security.smartcardio.t0GetResponse";
  public static final String T1_GET_RESPONSE = "sun.security.smartcardio.t1GetResponse";
  public static final String LIBRARY = "sun.security.smartcardio.library";
  /** The JDK provider's terminal type. */
  public static final String PCSC_TYPE = "PC/SC";

  static final String PROVIDER_PACKAGE = "sun.security.smartcardio";
  /** PC/SC codes after which the JVM's shared context is dead. */
  static final Set<String> DEAD_CONTEXT_CODES = Set.of(
      "SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED", "SCARD_E_INVALID_HANDLE", "SCARD_F_COMM_ERROR");

  private static final System.Logger LOG = System.getLogger(PcscSetup.class.getName());

  private PcscSetup() {
  }

  /** What {@link #configure()} set up. */
  public record Settings(Optional<Path> library, boolean contextRecovery) {
  }

  /** Sets the system properties described above; call once at start-up, before any PC/SC use. */
  public static Settings configure() {
    Optional<Path> library = configure(System.getProperties(), libraryCandidates(
        System.getProperty("os.name", ""), System.getProperty("os.arch", "")));
    boolean recovery = contextRecoveryAvailable();
    if (!recovery) {
      LOG.log(System.Logger.Level.INFO, "If the PC/SC service restarts, card-edge must be restarted too; run it with "
          + "--add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED to recover by itself");
    }
    return new Settings(library, recovery);
  }

  static Optional<Path> configure(Properties properties, List<Path> libraryCandidates) {
    properties.setProperty(T0_GET_RESPONSE, "false");
    properties.setProperty(T1_GET_RESPONSE, "false");
    String explicit = properties.getProperty(LIBRARY, "").trim();
    if (!explicit.isEmpty()) {
      return Optional.of(Path.of(explicit));
    }
    Optional<Path> found = libraryCandidates.stream().filter(Files::isRegularFile).findFirst();
    found.ifPresent(path -> properties.setProperty(LIBRARY, path.toString()));
    return found;
  }

  /** Where Linux distributions put {@code libpcsclite.so.1}, most specific first; empty elsewhere. */
  static List<Path> libraryCandidates(String osName, String osArch) {
    if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
      return List.of();
    }
    List<Path> candidates = new ArrayList<>();
    for (String tuple : multiarchTuples(osArch)) {
      candidates.add(Path.of("/usr/lib", tuple, "libpcsclite.so.1"));
      candidates.add(Path.of("/lib", tuple, "libpcsclite.so.1"));
    }
    boolean is64 = osArch.contains("64");
    if (is64) {
      candidates.add(Path.of("/usr/lib64/libpcsclite.so.1"));
    }
    candidates.add(Path.of("/usr/lib/libpcsclite.so.1"));
    candidates.add(Path.of("/usr/local/lib/libpcsclite.so.1"));
    if (is64) {
      candidates.add(Path.of("/usr/local/lib64/libpcsclite.so.1"));
    }
    return candidates;
  }

  private static List<String> multiarchTuples(String osArch) {
    return switch (osArch) {
      case "amd64", "x86_64" -> List.of("x86_64-linux-gnu");
      case "aarch64", "arm64" -> List.of("aarch64-linux-gnu");
      case "arm" -> List.of("arm-linux-gnueabihf", "arm-linux-gnueabi");
      case "x86", "i386", "i486", "i586", "i686" -> List.of("i386-linux-gnu");
      case "ppc64le" -> List.of("powerpc64le-linux-gnu");
      case "s390x" -> List.of("s390x-linux-gnu");
      case "riscv64" -> List.of("riscv64-linux-gnu");
      case "loongarch64" -> List.of("loongarch64-linux-gnu");
      default -> List.of(osArch + "-linux-gnu");
    };
  }

  /**
   * A PC/SC terminal factory over the current PC/SC service. Never throws: when the service cannot be reached,
   * the factory's terminal list fails every call with a {@code CardException} naming the cause, so callers see
   * outages where they already handle them. A dead shared context is replaced when possible (see above).
   */
  public static TerminalFactory newFactory() {
    TerminalFactory factory;
    try {
      factory = TerminalFactory.getInstance(PCSC_TYPE, null);
    } catch (NoSuchAlgorithmException e) {
      return UnavailableTerminals.factory("PC/SC service not available", e);
    }
    Optional<CardException> failure = probe(factory);
    if (failure.isEmpty() || !hasDeadContextCode(failure.get()) || !dropDeadContext()) {
      return factory;
    }
    LOG.log(System.Logger.Level.INFO, "PC/SC service restarted: establishing a new context");
    try {
      return TerminalFactory.getInstance(PCSC_TYPE, null);
    } catch (NoSuchAlgorithmException e) {
      return UnavailableTerminals.factory("PC/SC service not available", e);
    }
  }

  private static Optional<CardException> probe(TerminalFactory factory) {
    try {
      factory.terminals().list();
      return Optional.empty();
    } catch (CardException e) {
      return Optional.of(e);
    }
  }

  static boolean hasDeadContextCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && DEAD_CONTEXT_CODES.stream().anyMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the JVM lets card-edge replace the JDK provider's dead context. */
  public static boolean contextRecoveryAvailable() {
    return TerminalFactory.class.getModule().isOpen(PROVIDER_PACKAGE, PcscSetup.class.getModule());
  }

  /**
   * Forgets the JDK provider's shared context ({@code PCSCTerminals.contextId}) and its cached terminals, so the
   * next {@code TerminalFactory} establishes a new context. The dead one is left alone (pcscd is gone with it).
   */
  private static boolean dropDeadContext() {
    if (!contextRecoveryAvailable()) {
      return false;
    }
    try {
      Class<?> terminals = Class.forName(PROVIDER_PACKAGE + ".PCSCTerminals");
      Field contextId = terminals.getDeclaredField("contextId");
      Field cache = terminals.getDeclaredField("terminals");
      contextId.setAccessible(true);
      cache.setAccessible(true);
      synchronized (terminals) {
        contextId.setLong(null, 0L);
        ((Map<?, ?>) cache.get(null)).clear();
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot replace the dead PC/SC context: " + e);
      return false;
    }
  }
}
