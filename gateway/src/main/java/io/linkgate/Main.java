package io.linkgate;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigSource;
import io.linkgate.config.GatewayConfig;
import io.linkgate.logging.Logging;
import io.linkgate.registry.AdminAudit;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.sandbox.SandboxServer;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line of {@code linkgate-gateway.jar}. */
public final class Main {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_TAMPERED = 3;
  /** {@code usage verify}: the month has no records at all (nothing was checked; not "intact"). */
  static final int EXIT_NO_RECORDS = 4;

  static final String USAGE = """
      Usage: java -jar linkgate-gateway.jar [options]            run the gateway
             java -jar linkgate-gateway.jar sandbox [options]    run only the simulated upstreams
             java -jar linkgate-gateway.jar usage verify --month YYYY-MM [options]
                                                                 check the usage log's chains for one month
                                                                 (exit 0 intact, 3 tampered, 4 no records)
             java -jar linkgate-gateway.jar usage journal [options]
                                                                 write the records of a usage journal (a stopped
                                                                 gateway's, or a copy) as JSON lines on stdout
                                                                 (exit 0 all read, 3 damage found)

      Options:
        --demo              embedded PostgreSQL (unless --db-url), in-process sandbox, demo data
        --sandbox           also run the simulated Linkage/GDX upstreams in-process
        --config FILE       YAML file overriding config/gateway.yaml
        --db-url URL        postgresql://user:password@host:5432/database (default: embedded)
        --data-dir DIR      data directory (default ./data)
        --help              this text

      Every setting can also be given as an environment variable, e.g. LINKGATE_API_PORT=8080.
      """;

  private Main() {
  }

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != EXIT_OK) {
      System.exit(code);
    }
  }

  record Command(String name, boolean demo, boolean sandbox, Path configFile, Map<String, String> overrides, String month) {
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Command command;
    GatewayConfig config;
    Supplier<ConfigSource> sources;
    ConfigSource started;
    try {
      command = parse(args);
      if (command == null) {
        out.print(USAGE);
        return EXIT_OK;
      }
      Map<String, String> overrides = new HashMap<>(command.overrides());
      if (command.demo() || command.sandbox()) {
        overrides.put("sandbox.enabled", "true");
      }
      Path file = command.configFile();
      sources = () -> ConfigSource.load(file, env, overrides);
      started = sources.get();
      config = started.bind(GatewayConfig::from);
    } catch (UsageException e) {
      err.println("linkgate: " + e.getMessage());
      err.print(USAGE);
      return EXIT_USAGE;
    } catch (ConfigException e) {
      err.println("linkgate: invalid configuration: " + e.getMessage());
      return EXIT_USAGE;
    }
    Logging.configure(config.log());
    return switch (command.name()) {
      case "sandbox" -> runSandbox(config, out, err);
      case "usage-verify" -> UsageVerifyCommand.run(config, java.time.YearMonth.parse(command.month()), out, err);
      case "usage-journal" -> UsageJournalCommand.run(config, out, err);
      default -> runGateway(config, command.demo(), sources, started, out, err);
    };
  }

  private static int runGateway(GatewayConfig config, boolean demo, Supplier<ConfigSource> sources, ConfigSource started,
      PrintStream out, PrintStream err) {
    Logger log = LoggerFactory.getLogger(Main.class);
    Gateway gateway;
    try {
      gateway = Gateway.start(config, new Gateway.Options(demo, Clock.systemUTC(), sources, started));
    } catch (ConfigException e) {
      err.println("linkgate: invalid configuration: " + e.getMessage());
      return EXIT_USAGE;
    } catch (Exception e) {
      log.error("start-up failed", e);
      err.println("linkgate: start-up failed: " + e.getMessage());
      return EXIT_FAILED;
    }
    if (demo) {
      out.print(DemoBanner.text(gateway));
      out.flush();
    }
    reloadOnHangup(gateway, log);
    awaitTermination(gateway::stop);
    return EXIT_OK;
  }

  private static int runSandbox(GatewayConfig config, PrintStream out, PrintStream err) {
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = new Sandbox(config.sandbox(), Clock.systemUTC());
    SandboxServer server = new SandboxServer(sandbox);
    try {
      PortInUse.listen("sandbox.port", config.sandbox().host(), config.sandbox().port(),
          () -> vertx.deployVerticle(server).await());
    } catch (Exception e) { // Future.await() rethrows checked failures (a BindException) unchecked
      err.println("linkgate: sandbox start-up failed: " + e.getMessage());
      vertx.close();
      return EXIT_FAILED;
    }
    out.println("LinkGate sandbox (simulated Linkage Center and GDX) on http://" + config.sandbox().host() + ":" + server.actualPort());
    out.flush();
    awaitTermination(() -> vertx.close().await());
    return EXIT_OK;
  }

  /** SIGHUP re-reads the configuration and applies limits, cache and resilience settings. */
  @SuppressWarnings("restriction")
  private static void reloadOnHangup(Gateway gateway, Logger log) {
    sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> new Thread(() -> {
      try {
        gateway.reloadConfig(AdminAudit.SIGNAL);
      } catch (ConfigException e) {
        log.atError().log("configuration not reloaded: " + e.getMessage());
      } catch (RuntimeException e) {
        log.atError().addKeyValue("exception", e.getClass().getName())
            .log("configuration not reloaded: its audit record could not be written, or applying it failed");
      }
    }, "linkgate-reload").start());
  }

  /**
   * Blocks until SIGTERM or SIGINT, then runs {@code shutdown} and exits 0. A plain shutdown hook would
   * make the JVM exit 143; handling the signal lets a graceful stop end with status 0.
   */
  @SuppressWarnings("restriction")
  private static void awaitTermination(Runnable shutdown) {
    CountDownLatch signalled = new CountDownLatch(1);
    sun.misc.SignalHandler handler = sig -> signalled.countDown();
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
    try {
      signalled.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int status = EXIT_FAILED;
    try {
      shutdown.run();
      status = EXIT_OK;
    } finally {
      // exit even when the shutdown fails (a jar replaced under a running JVM cannot load the classes it needs):
      // non-daemon event-loop threads would otherwise keep a half-stopped process alive
      System.exit(status);
    }
  }

  static Command parse(String[] args) {
    String name = "gateway";
    boolean demo = false;
    boolean sandbox = false;
    Path configFile = null;
    Map<String, String> overrides = new HashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    String month = null;
    if (!rest.isEmpty() && rest.get(0).equals("sandbox")) {
      name = "sandbox";
      rest.remove(0);
    } else if (rest.size() >= 2 && rest.get(0).equals("usage") && (rest.get(1).equals("verify") || rest.get(1).equals("journal"))) {
      name = "usage-" + rest.get(1);
      rest.remove(0);
      rest.remove(0);
    } else if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
      throw new UsageException("unknown command '" + rest.get(0) + "'");
    }
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      switch (arg) {
        case "--help", "-h" -> {
          return null;
        }
        case "--demo" -> demo = true;
        case "--sandbox" -> sandbox = true;
        case "--config" -> configFile = Path.of(value(rest, ++i, arg));
        case "--db-url" -> overrides.put("database.url", value(rest, ++i, arg));
        case "--data-dir" -> overrides.put("dataDirectory", value(rest, ++i, arg));
        case "--month" -> month = value(rest, ++i, arg);
        default -> throw new UsageException("unknown argument '" + arg + "'");
      }
    }
    if (name.equals("sandbox") && demo) {
      throw new UsageException("--demo runs the whole gateway; use it without 'sandbox'");
    }
    if (name.equals("usage-verify")) {
      if (month == null || !month.matches("\\d{4}-(0[1-9]|1[0-2])")) {
        throw new UsageException("usage verify needs --month YYYY-MM");
      }
    } else if (month != null) {
      throw new UsageException("--month belongs to 'usage verify'");
    }
    return new Command(name, demo, sandbox, configFile, overrides, month);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
