package io.linkgate.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL for the gateway: the configured server, or the embedded one. Schema migrations (Flyway,
 * over JDBC, at start-up only) are applied before any pool is handed out; after that all access is
 * through the non-blocking vertx-pg-client pool.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final PgConnectOptions connectOptions;
  private final EmbeddedDatabase embedded;
  private final DatabaseConfig config;

  private Database(DatabaseConfig config, PgConnectOptions connectOptions, EmbeddedDatabase embedded) {
    this.config = config;
    this.connectOptions = connectOptions;
    this.embedded = embedded;
  }

  /** Starts the embedded server if needed. Blocking: call at start-up, never on an event loop. */
  public static Database open(DatabaseConfig config, Path dataDirectory) throws IOException {
    if (config.server().isPresent()) {
      return new Database(config, new PgConnectOptions(config.server().get()), null);
    }
    EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDirectory, config.embeddedPort());
    PgConnectOptions options = new PgConnectOptions()
        .setHost("127.0.0.1")
        .setPort(embedded.port())
        .setDatabase(EmbeddedDatabase.DATABASE)
        .setUser(EmbeddedDatabase.USER)
        .setPassword("");
    return new Database(config, options, embedded);
  }

  private Flyway flyway() {
    return Flyway.configure()
        .dataSource(jdbcUrl(), connectOptions.getUser(), connectOptions.getPassword())
        .connectRetries(3)
        .locations("classpath:db/migration")
        .load();
  }

  /**
   * How many of this build's migrations the database has not had (0: its schema is this build's). Changes
   * nothing: for tools that read a gateway's database without being the gateway ({@code usage verify}). Blocking.
   */
  public int pendingMigrations() {
    return flyway().info().pending().length;
  }

  /** Applies pending migrations. Blocking. */
  public MigrateResult migrate() {
    MigrateResult result = flyway().migrate();
    LOG.atInfo().addKeyValue("applied", result.migrationsExecuted)
        .addKeyValue("schemaVersion", result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion)
        .log("database migrations done");
    return result;
  }

  public Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.poolSize()).setName("linkgate").setShared(false))
        .with(new NetClientOptions().setConnectTimeout((int) config.connectTimeout().toMillis()).setTcpNoDelay(true))
        .connectingTo(new PgConnectOptions(connectOptions)
            .setCachePreparedStatements(true)
            .setPipeliningLimit(16)
            .setMetricsName("linkgate"))
        .using(vertx)
        .build();
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  public boolean embedded() {
    return embedded != null;
  }

  /** The JDBC form of the connection, for migrations and offline tools; carries no password. */
  public String jdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:postgresql://")
        .append(connectOptions.getHost()).append(':').append(connectOptions.getPort())
        .append('/').append(connectOptions.getDatabase())
        .append("?connectTimeout=").append(Math.max(1, config.connectTimeout().toSeconds()));
    SslMode ssl = connectOptions.getSslMode();
    if (ssl != null && ssl != SslMode.DISABLE) {
      url.append("&sslmode=").append(ssl.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    return url.toString();
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
