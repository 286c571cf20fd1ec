package io.linkgate.db;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Optional;

/** PostgreSQL: an external server by URL, or the embedded one when the URL is empty. */
public record DatabaseConfig(Optional<PgConnectOptions> server, int poolSize, Duration connectTimeout, int embeddedPort) {

  public static DatabaseConfig from(ConfigNode node) {
    String url = node.string("url");
    Optional<PgConnectOptions> server = url.isEmpty() ? Optional.empty() : Optional.of(parse(node.key("url"), url));
    return new DatabaseConfig(
        server,
        node.integer("poolSize", 1, 500),
        node.duration("connectTimeout", Duration.ofMillis(100), Duration.ofMinutes(5)),
        node.integer("embeddedPort", 0, 65535));
  }

  /** Parses {@code postgresql://user:password@host:port/db}; the message never repeats the password. */
  public static PgConnectOptions parse(String key, String url) {
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new ConfigException(key, "must look like postgresql://user:password@host:5432/database");
    }
    String afterScheme = url.substring(url.indexOf("://") + 3);
    int slash = afterScheme.indexOf('/');
    String path = slash < 0 ? "" : afterScheme.substring(slash + 1);
    int query = path.indexOf('?');
    if ((query < 0 ? path : path.substring(0, query)).isBlank()) {
      throw new ConfigException(key, "must name a database: postgresql://user:password@host:5432/database");
    }
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new ConfigException(key, "is not a valid PostgreSQL URL (expected postgresql://user:password@host:5432/database;"
          + " in the user and password, characters other than letters, digits and - . _ ~ are percent-encoded: + as %2B,"
          + " / as %2F, = as %3D)");
    }
    if (options.getDatabase() == null || options.getDatabase().isBlank()) {
      throw new ConfigException(key, "must name a database: postgresql://user:password@host:5432/database");
    }
    return options;
  }

  public boolean embedded() {
    return server.isEmpty();
  }

  public DatabaseConfig withServer(PgConnectOptions options) {
    return new DatabaseConfig(Optional.of(options), poolSize, connectTimeout, embeddedPort);
  }
}
