package io.linkgate;

import io.linkgate.config.GatewayConfig;
import io.linkgate.db.Database;
import io.linkgate.http.ApiVerticle;
import io.linkgate.metrics.ManagementServer;
import io.linkgate.metrics.Metrics;
import io.linkgate.metrics.Readiness;
import io.linkgate.privacy.CitizenIdProtector;
import io.linkgate.privacy.KeyMaterial;
import io.linkgate.privacy.PrivacyConfig;
import io.linkgate.registry.AdminRoutes;
import io.linkgate.registry.DemoData;
import io.linkgate.registry.DeviceRepository;
import io.linkgate.registry.OfficerRepository;
import io.linkgate.session.Challenges;
import io.linkgate.session.LoginFailures;
import io.linkgate.session.LoginService;
import io.linkgate.session.SessionRoutes;
import io.linkgate.session.SessionStore;
import io.linkgate.upstream.DopaCardAuthority;
import io.linkgate.upstream.GdxClient;
import io.linkgate.upstream.LinkageAgents;
import java.net.URI;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.sandbox.SandboxServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: Vert.x, PostgreSQL (external or embedded), the optional in-process sandbox, the
 * API verticles and the management server. {@link #start} blocks until everything listens; {@link #stop}
 * drains in-flight requests, closes the pool and stops the embedded database.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /** How to start: the demo seeds demo data; the clock is injectable for tests. */
  public record Options(boolean demo, Clock clock) {
    public static Options defaults() {
      return new Options(false, Clock.systemUTC());
    }
  }

  private final GatewayConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness = new Readiness();
  private final List<String> apiDeployments = new ArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private Sandbox sandbox;
  private SandboxServer sandboxServer;
  private Database database;
  private Pool pool;
  private CitizenIdProtector protector;
  private SessionStore sessions;
  private ManagementServer management;
  private final List<ApiVerticle> apiVerticles = new ArrayList<>();

  private Gateway(GatewayConfig config, PrometheusMeterRegistry registry, Vertx vertx) {
    this.config = config;
    this.registry = registry;
    this.vertx = vertx;
  }

  public static Gateway start(GatewayConfig config, Options options) throws Exception {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(Metrics.vertxOptions()))
        .withMetrics(new MicrometerMetricsFactory(registry))
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
    if (config.sandbox().enabled()) {
      sandbox = new Sandbox(config.sandbox(), options.clock());
      sandboxServer = new SandboxServer(sandbox);
      vertx.deployVerticle(sandboxServer).await();
    }
    database = Database.open(config.database(), config.dataDirectory());
    database.migrate();
    readiness.migrationsApplied();
    PrivacyConfig keys = KeyMaterial.loadOrGenerate(config.privacy(), config.dataDirectory());
    protector = new CitizenIdProtector(keys);
    pool = database.pool(vertx);
    if (options.demo()) {
      DemoData.seed(pool, protector).await();
    }
    Clock clock = options.clock();
    URI gdxBase = config.upstream().resolveBase(sandboxPort());
    URI cardAuthorityBase = config.upstream().resolveCardAuthority(sandboxPort());
    GdxClient gdx = new GdxClient(vertx, config.upstream(), gdxBase, clock);
    GdxClient dopa = cardAuthorityBase.equals(gdxBase) ? gdx : new GdxClient(vertx, config.upstream(), cardAuthorityBase, clock);
    OfficerRepository officers = new OfficerRepository(pool, protector);
    DeviceRepository devices = new DeviceRepository(pool);
    sessions = new SessionStore(vertx, pool, database.connectOptions(), officers, config.session(), clock, registry);
    sessions.start().await();
    LoginService logins = new LoginService(new Challenges(keys.hmacKey(), config.session().challengeTtl(), clock), devices, officers,
        sessions, new DopaCardAuthority(dopa), new LinkageAgents(gdx, config.upstream().consumerKey()),
        new LoginFailures(pool, protector, clock), config.session(), clock, pool, registry);
    SessionRoutes sessionRoutes = new SessionRoutes(logins, sessions, config.session(), config.api().maxBodySize());
    AdminRoutes adminRoutes = new AdminRoutes(pool, officers, devices, sessions, config.session(), config.api().maxBodySize());
    ApiVerticle.Routes routes = router -> {
      sessionRoutes.mount(router);
      adminRoutes.mount(router);
    };
    readiness.watch(vertx, pool, config.management().readinessCheckInterval()).await();
    management = new ManagementServer(config.management(), registry, readiness);
    vertx.deployVerticle(management).await();
    int instances = config.api().effectiveInstances();
    for (int i = 0; i < instances; i++) {
      ApiVerticle verticle = new ApiVerticle(config.api(), routes);
      apiVerticles.add(verticle);
      apiDeployments.add(vertx.deployVerticle(verticle, new DeploymentOptions()).await());
    }
    LOG.atInfo().addKeyValue("apiPort", apiPort()).addKeyValue("managementPort", managementPort())
        .addKeyValue("instances", instances).addKeyValue("sandbox", sandboxServer != null)
        .log("LinkGate started");
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

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public GatewayConfig config() {
    return config;
  }

  /**
   * Graceful stop: readiness goes DOWN, the API stops accepting and in-flight requests get the grace
   * period, then the pool, Vert.x and the embedded database close. Idempotent.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    readiness.stopping();
    readiness.unwatch(vertx);
    if (sessions != null) {
      try {
        sessions.close().await();
      } catch (RuntimeException e) {
        LOG.warn("session listener did not stop cleanly", e);
      }
    }
    try {
      List<Future<Void>> undeploys = new ArrayList<>();
      for (String id : apiDeployments) {
        undeploys.add(vertx.undeploy(id));
      }
      Future.join(undeploys).await();
    } catch (RuntimeException e) {
      LOG.warn("API servers did not stop cleanly", e);
    }
    try {
      if (pool != null) {
        pool.close().await();
      }
      vertx.close().await();
    } catch (RuntimeException e) {
      LOG.warn("Vert.x did not stop cleanly", e);
    }
    if (database != null) {
      database.close();
    }
    LOG.info("LinkGate stopped");
  }

  @Override
  public void close() {
    stop();
  }
}
