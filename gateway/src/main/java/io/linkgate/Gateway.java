package io.linkgate;

import io.linkgate.cache.CacheAdminRoutes;
import io.linkgate.cache.LookupCache;
import io.linkgate.config.ConfigReloader;
import io.linkgate.config.ConfigRoutes;
import io.linkgate.config.ConfigSource;
import io.linkgate.config.GatewayConfig;
import io.linkgate.db.Database;
import io.linkgate.console.ConsoleRoutes;
import io.linkgate.http.ApiVerticle;
import io.linkgate.http.OpenApiRoute;
import io.linkgate.logging.RequestLogContext;
import io.linkgate.lookup.LookupRoutes;
import io.linkgate.lookup.UnidentifiedRefusals;
import io.linkgate.metrics.GatewayMetricsFactory;
import io.linkgate.metrics.ManagementServer;
import io.linkgate.metrics.Metrics;
import io.linkgate.metrics.Readiness;
import io.linkgate.privacy.CitizenIdProtector;
import io.linkgate.privacy.KeyCheck;
import io.linkgate.privacy.KeyMaterial;
import io.linkgate.privacy.PrivacyConfig;
import io.linkgate.ratelimit.RateLimiter;
import io.linkgate.report.AnomalyRules;
import io.linkgate.report.ReportBuilder;
import io.linkgate.report.ReportPdfRenderer;
import io.linkgate.report.ReportRoutes;
import io.linkgate.report.ReportScheduler;
import io.linkgate.report.ReportStore;
import io.linkgate.registry.AdminAudit;
import io.linkgate.registry.AdminRoutes;
import io.linkgate.registry.AgencyDirectory;
import io.linkgate.registry.DemoData;
import io.linkgate.registry.DemoHistory;
import io.linkgate.registry.DeviceRepository;
import io.linkgate.registry.OfficerRepository;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.sandbox.SandboxServer;
import io.linkgate.session.Challenges;
import io.linkgate.session.LoginFailures;
import io.linkgate.session.LoginService;
import io.linkgate.session.SessionRoutes;
import io.linkgate.session.SessionStore;
import io.linkgate.upstream.DopaCardAuthority;
import io.linkgate.upstream.GdxClient;
import io.linkgate.upstream.LinkageAgents;
import io.linkgate.upstream.Upstreams;
import io.linkgate.usage.Chain;
import io.linkgate.usage.InstanceLease;
import io.linkgate.usage.Journal;
import io.linkgate.usage.JournalCheck;
import io.linkgate.usage.JournalRecorder;
import io.linkgate.usage.Shipper;
import io.linkgate.usage.UsageConfig;
import io.linkgate.usage.UsagePartitions;
import io.linkgate.usage.UsageRoutes;
import io.linkgate.usage.UsageStream;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: Vert.x, PostgreSQL (external or embedded), the optional in-process sandbox, the
 * API verticles and the management server. {@link #start} blocks until everything listens; {@link #stop}
 * drains in-flight requests, closes the pool and stops the embedded database.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /**
   * How to start: the demo seeds demo data; the clock is injectable for tests; {@code sources} re-reads the
   * configuration for reloads (null: reload re-applies the configuration started with).
   */
  /**
   * {@code sources} re-reads the configuration for reloads; {@code started} is the configuration this start binds
   * (what the process runs, the reloads' reference), or {@code null} without {@code sources}.
   */
  public record Options(boolean demo, Clock clock, Supplier<ConfigSource> sources, ConfigSource started) {
    public Options(boolean demo, Clock clock) {
      this(demo, clock, null, null);
    }

    public static Options defaults() {
      return new Options(false, Clock.systemUTC());
    }
  }

  private final GatewayConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness = new Readiness();
  private final List<String> apiDeployments = new ArrayList<>();
  private final List<ApiVerticle> apiVerticles = new ArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private Sandbox sandbox;
  private SandboxServer sandboxServer;
  private Database database;
  private Pool pool;
  private SessionStore sessions;
  private RateLimiter limiter;
  private LookupCache cache;
  private Upstreams upstreams;
  private Journal journal;
  private InstanceLease lease;
  private Shipper shipper;
  private java.io.OutputStream sink;
  private UsageStream usageStream;
  private ReportScheduler reportScheduler;
  private ConfigReloader reloader;
  private AgencyDirectory agencies;
  private ApiVerticle.Routes apiRoutes;
  private LookupRoutes lookupRoutes;
  private ManagementServer management;

  private Gateway(GatewayConfig config, PrometheusMeterRegistry registry, Vertx vertx) {
    this.config = config;
    this.registry = registry;
    this.vertx = vertx;
  }

  public static Gateway start(GatewayConfig config, Options options) throws Exception {
    RequestLogContext.register(); // before Vert.x is built: its contexts get a slot for the correlation id
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(Metrics.vertxOptions()))
        .withMetrics(new GatewayMetricsFactory(registry))
        .build();
    Gateway gateway = new Gateway(config, registry, vertx);
    try {
      gateway.boot(options);
      return gateway;
    } catch (Exception | Error e) {
      gateway.stop();
      throw e;
    }
  }

  private void boot(Options options) throws Exception {
    if (!config.sandbox().enabled()) {
      config.upstream().resolveBase(-1); // fail fast, before any server starts, when no upstream is configured
      config.upstream().resolveCardAuthority(-1);
    }
    Clock clock = options.clock();
    if (config.sandbox().enabled()) {
      sandbox = new Sandbox(config.sandbox(), clock);
      sandboxServer = new SandboxServer(sandbox);
      PortInUse.listen("sandbox.port", config.sandbox().host(), config.sandbox().port(),
          () -> vertx.deployVerticle(sandboxServer).await());
    }
    database = Database.open(config.database(), config.dataDirectory());
    database.migrate();
    readiness.migrationsApplied();
    PrivacyConfig keys = KeyMaterial.loadOrGenerate(config.privacy(), config.dataDirectory());
    CitizenIdProtector protector = new CitizenIdProtector(keys);
    pool = database.pool(vertx);
    KeyCheck.verify(pool, keys).await();
    if (options.demo()) {
      DemoData.seed(pool, protector).await();
    }

    URI gdxBase = config.upstream().resolveBase(sandboxPort());
    URI cardAuthorityBase = config.upstream().resolveCardAuthority(sandboxPort());
    GdxClient gdx = new GdxClient(vertx, config.upstream(), gdxBase, clock);
    GdxClient dopa = cardAuthorityBase.equals(gdxBase) ? gdx : new GdxClient(vertx, config.upstream(), cardAuthorityBase, clock);
    upstreams = new Upstreams(vertx, config.resilience(), clock, registry);
    OfficerRepository officers = new OfficerRepository(pool, protector);
    DeviceRepository devices = new DeviceRepository(pool);
    agencies = new AgencyDirectory(vertx, pool, Duration.ofSeconds(30), clock);
    sessions = new SessionStore(vertx, pool, database.connectOptions(), officers, config.session(), clock, registry);
    sessions.start().await();
    limiter = new RateLimiter(vertx, pool, clock, registry, config.limits());
    limiter.start();
    cache = new LookupCache(config.cache(), clock, registry);
    Chain chain = new Chain(keys.hmacKey());
    UsagePartitions partitions = new UsagePartitions(pool, clock, config.usage().partitionsAhead(), config.usage().retentionMonths(), chain);
    partitions.maintain().await();
    vertx.setPeriodic(Duration.ofHours(6).toMillis(), id -> partitions.maintain()
        .onFailure(e -> LOG.atWarn().log("usage partition maintenance failed: " + e.getClass().getSimpleName())));
    journal = Journal.open(config.usage().journalDirectory().orElse(config.dataDirectory().resolve("journal")),
        config.usage().segmentBytes(), config.usage().journalMaxBytes(), chain);
    // a journal restored or copied from behind what PostgreSQL holds of its instance stops here, before it writes or ships
    JournalCheck.verify(pool, journal).await();
    // ... and a copy started while its original runs (both pass that check when started from the same state) stops here
    lease = InstanceLease.take(vertx, pool, journal).await();
    readiness.journal(journal::broken, journal::full);
    sink = openSink(config.usage());
    shipper = new Shipper(journal, pool, partitions, config.usage().shipBatch(), config.usage().shipInterval(),
        config.usage().shipLinger(), sink, clock, registry);
    shipper.start();
    lease.publish(shipper::shippedThrough); // for every instance's monthly drafts
    JournalRecorder usage = new JournalRecorder(vertx, journal, protector, registry);
    usageStream = new UsageStream(vertx, pool, database.connectOptions(), sessions, officers, config.usage().streamMaxLag(), registry);
    usageStream.start().await();
    UsageRoutes usageRoutes = new UsageRoutes(pool, protector, sessions, usageStream, clock);
    ReportBuilder reports = new ReportBuilder(pool, new AnomalyRules(config.report()), clock);
    ReportStore reportStore = new ReportStore(pool, clock);
    if (options.demo() && config.report().demoHistory()) {
      // before the scheduler's first round, so last month's DRAFT includes it
      int seeded = DemoHistory.seed(vertx, pool, usage, partitions, protector, clock).await();
      if (seeded > 0) {
        LOG.atInfo().addKeyValue("records", seeded).log("demo: seeded last month's usage of the demo agency");
      }
    }
    reportScheduler = new ReportScheduler(vertx, pool, reports, reportStore, clock, config.report().generateDrafts(),
        config.report().draftDelay(), journal.instanceId(), shipper::shippedThrough, registry);
    reportScheduler.start();
    ReportRoutes reportRoutes = new ReportRoutes(pool, reports, reportStore, sessions, ReportPdfRenderer.of(config.report()),
        vertx.createSharedWorkerExecutor("linkgate-report-pdf", 2), clock, config.api().maxBodySize());
    reloader = reloader(options);

    LoginService logins = new LoginService(new Challenges(keys.hmacKey(), config.session().challengeTtl(), clock), devices, officers,
        sessions, new DopaCardAuthority(dopa, upstreams), new LinkageAgents(gdx, config.upstream().consumerKey(), upstreams),
        new LoginFailures(pool, protector, clock), config.session(), config.upstream().lookupTimeout(), clock, pool, registry);
    SessionRoutes sessionRoutes = new SessionRoutes(logins, sessions, config.session(), config.api().maxBodySize());
    AdminRoutes adminRoutes = new AdminRoutes(new AdminRoutes.Dependencies(pool, officers, devices, sessions, agencies, protector,
        config.session(), clock), config.api().maxBodySize());
    CacheAdminRoutes cacheAdmin = new CacheAdminRoutes(cache, pool);
    ConfigRoutes configRoutes = new ConfigRoutes(this::reloadConfig);
    UnidentifiedRefusals unidentified = new UnidentifiedRefusals(config.usage().unidentifiedRecordsPerSecond(), registry,
        System.nanoTime());
    vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> unidentified.summarise());
    LookupRoutes lookups = lookupRoutes = new LookupRoutes(agencies, sessions, limiter, cache, gdx, upstreams, usage, unidentified, clock,
        registry, config.api().maxBodySize(), config.console().enabled());
    ConsoleRoutes console = new ConsoleRoutes(config.console());
    OpenApiRoute openApi = OpenApiRoute.load();
    ApiVerticle.Routes routes = apiRoutes = router -> {
      lookups.mount(router); // first: the router tries routes in order, and lookups are nearly all the traffic
      openApi.mount(router);
      sessionRoutes.mount(router);
      adminRoutes.mount(router); // first of the /v1/admin routes: it mounts their authentication
      cacheAdmin.mount(router);
      configRoutes.mount(router);
      usageRoutes.mount(router);
      reportRoutes.mount(router);
      console.mount(router);
    };

    readiness.register(registry);
    readiness.clock(clock);
    readiness.watch(vertx, database.connectOptions(), config.management().readinessCheckInterval(), config.database().connectTimeout()).await();
    management = new ManagementServer(config.management(), registry, readiness);
    PortInUse.listen("management.port", config.management().host(), config.management().port(),
        () -> vertx.deployVerticle(management).await());
    int instances = config.api().effectiveInstances();
    for (int i = 0; i < instances; i++) {
      ApiVerticle verticle = new ApiVerticle(config.api(), routes);
      apiVerticles.add(verticle);
      apiDeployments.add(PortInUse.listen("api.port", config.api().host(), config.api().port(),
          () -> vertx.deployVerticle(verticle, new DeploymentOptions()).await()));
    }
    LOG.atInfo().addKeyValue("apiPort", apiPort()).addKeyValue("managementPort", managementPort())
        .addKeyValue("instances", instances).addKeyValue("sandbox", sandboxServer != null)
        .log("LinkGate started");
  }

  private ConfigReloader reloader(Options options) {
    Supplier<ConfigSource> sources = options.sources() != null ? options.sources() : () -> null;
    return new ConfigReloader(() -> {
      ConfigSource next = sources.get();
      if (next == null) {
        throw new io.linkgate.config.ConfigException("reload", "this gateway was started without a configuration source to re-read");
      }
      return next;
    }, options.started(), this::apply);
  }

  /** Applies the run-time reloadable settings of {@code next}. */
  private void apply(GatewayConfig next) {
    limiter.reconfigure(next.limits());
    cache.reconfigure(next.cache());
    upstreams.reconfigure(next.resilience());
  }

  /**
   * Reloads the configuration (SIGHUP, admin call); returns what was applied and what needs a restart. Its
   * {@code config.reload} audit record, by {@code actor}, is written before anything is applied: when it cannot be
   * written, nothing is. Blocks: call it from a worker or another non-event-loop thread.
   */
  public JsonObject reloadConfig(String actor) {
    return reloader.reload(result -> AdminAudit.record(pool, actor, "config.reload", "config", result)
        .toCompletionStage().toCompletableFuture().join());
  }

  public int apiPort() {
    return apiVerticles.get(0).actualPort();
  }

  public int managementPort() {
    return management.actualPort();
  }

  /** The in-process sandbox's port, or -1 when it is not running here. */
  public int sandboxPort() {
    return sandboxServer == null ? -1 : sandboxServer.actualPort();
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public Database database() {
    return database;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public GatewayConfig config() {
    return config;
  }

  public RateLimiter limiter() {
    return limiter;
  }

  public Upstreams upstreams() {
    return upstreams;
  }

  /** The routes every API verticle mounts (the OpenAPI test compares them with the document). */
  public ApiVerticle.Routes apiRoutes() {
    return apiRoutes;
  }

  /** Completes when every usage record journaled so far is in PostgreSQL. */
  public Future<Void> usageWritten() {
    long target = journal.durableSeq();
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long[] timer = new long[1];
    timer[0] = vertx.setPeriodic(10, id -> {
      if (journal.durableSeq() - journal.backlog() >= target) {
        vertx.cancelTimer(timer[0]);
        done.tryComplete();
      }
    });
    return done.future();
  }

  public UsageStream usageStream() {
    return usageStream;
  }

  public Journal journal() {
    return journal;
  }

  public InstanceLease lease() {
    return lease;
  }

  private static java.io.OutputStream openSink(UsageConfig usage) throws java.io.IOException {
    return switch (usage.sink()) {
      case NONE -> null;
      // the process's standard output itself, not System.out: a PrintStream swallows write errors (a closed pipe),
      // which would lose lines the sink promises at least once; these surface and are retried like the file's
      case STDOUT -> new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 64 * 1024);
      // synced on every flush (once per shipped batch, before the journal's checkpoint): a power cut after the
      // checkpoint must not lose lines the checkpoint says were written, or "at least once" holds for crashes only
      case FILE -> {
        java.nio.file.Path path = usage.sinkFile().orElseThrow().toAbsolutePath();
        boolean created = !java.nio.file.Files.exists(path);
        java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(path,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND);
        if (created && path.getParent() != null) {
          // a new file's name is in its directory: synced too, or a power cut could take the file with its first lines
          try (java.nio.channels.FileChannel directory = java.nio.channels.FileChannel.open(path.getParent(),
              java.nio.file.StandardOpenOption.READ)) {
            directory.force(true);
          }
        }
        yield new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(file), 64 * 1024) {
          @Override
          public void flush() throws java.io.IOException {
            super.flush();
            file.force(false);
          }
        };
      }
    };
  }

  /** The registry caches; {@code invalidateAll()} makes registry changes visible at once. */
  public AgencyDirectory agencies() {
    return agencies;
  }

  public ReportScheduler reportScheduler() {
    return reportScheduler;
  }

  public LookupCache cache() {
    return cache;
  }

  /**
   * Graceful stop: readiness goes DOWN, the API stops accepting and in-flight requests get the grace
   * period, queued usage records and quota counts are written, then the pool, Vert.x and the embedded
   * database close. Idempotent.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    readiness.stopping();
    readiness.unwatch(vertx);
    // readiness is DOWN from here; the API still serves new requests while the load balancers' probes notice
    long delay = config.api().shutdownDelay().toMillis();
    if (delay > 0) {
      LOG.atInfo().addKeyValue("delayMillis", delay).log("stopping: not ready, still serving until the load balancers notice");
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        // interrupted: on with the stop now (the flag not kept: every wait of the stop would throw)
      }
    }
    // live streams never finish by themselves: end them first so the API's grace period is for lookups
    quietly("usage stream", () -> {
      if (usageStream != null) {
        usageStream.close().await();
      }
    });
    try {
      List<Future<Void>> undeploys = new ArrayList<>();
      for (String id : apiDeployments) {
        undeploys.add(vertx.undeploy(id));
      }
      Future.join(undeploys).await();
    } catch (RuntimeException e) {
      LOG.warn("API servers did not stop cleanly", e);
    }
    quietly("lookups in flight", () -> {
      // past the grace period a lookup may still wait on its upstream, its client gone: its usage record (the upstream
      // was asked about a citizen) must reach the journal before the journal closes
      if (lookupRoutes != null) {
        try {
          Duration max = config.upstream().lookupTimeout().plusSeconds(2);
          int left = lookupRoutes.awaitSettled(max);
          if (left > 0) {
            LOG.atWarn().addKeyValue("lookups", left).log("lookups still without a usage record " + max.toSeconds()
                + " s after the API stopped; their records are lost");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    quietly("usage journal", () -> {
      // the shipper first: it checkpoints and deletes segments in the journal's directory, which is another gateway's
      // to open once the journal is closed (its lock released)
      if (shipper != null) {
        shipper.close(); // ships what it can now; the rest at the next start
      }
      if (journal != null) {
        journal.close(); // acknowledged records are already on disk; this writes what is queued
      }
      if (lease != null) {
        lease.release(vertx).await(); // a restart on this data directory need not wait for it to lapse
      }
      if (sink != null) {
        try {
          if (config.usage().sink() == UsageConfig.Sink.FILE) {
            sink.close();
          } else {
            sink.flush(); // standard output stays open: closing the stream would close the process's descriptor 1
          }
        } catch (java.io.IOException e) {
          LOG.warn("usage sink did not close cleanly", e);
        }
      }
    });
    quietly("report scheduler", () -> {
      if (reportScheduler != null) {
        reportScheduler.stop();
      }
    });
    quietly("quota counters", () -> {
      if (limiter != null) {
        limiter.stop();
        limiter.syncQuotas().await();
      }
    });
    quietly("session listener", () -> {
      if (sessions != null) {
        sessions.close().await();
      }
    });
    quietly("Vert.x", () -> {
      if (pool != null) {
        pool.close().await();
      }
      vertx.close().await();
    });
    if (database != null) {
      database.close();
    }
    LOG.info("LinkGate stopped");
  }

  private static void quietly(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn(what + " did not stop cleanly", e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
