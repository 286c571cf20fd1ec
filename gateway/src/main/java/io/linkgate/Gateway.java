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
import io.linkgate.registry.DemoData;
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
    readiness.watch(vertx, pool, config.management().readinessCheckInterval()).await();
    management = new ManagementServer(config.management(), registry, readiness);
    vertx.deployVerticle(management).await();
    int instances = config.api().effectiveInstances();
    for (int i = 0; i < instances; i++) {
      ApiVerticle verticle = new ApiVerticle(config.api(), router -> { });
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
