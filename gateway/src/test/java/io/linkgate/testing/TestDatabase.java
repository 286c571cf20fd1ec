package io.linkgate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (embedded) for the whole test JVM; every test gets a database of its own, so tests
 * never see each other's rows. Started on first use, stopped when the JVM exits.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {
  }

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is exiting
        }
      }));
    }
    return server;
  }

  /** A fresh, empty database; returns its {@code postgresql://} URL. */
  public static String newDatabaseUrl() {
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return "postgresql://postgres@127.0.0.1:" + server().getPort() + "/" + name;
  }

  public static void execute(String sql) {
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code sql} in the database behind {@code url} (from {@link #newDatabaseUrl}). */
  public static void execute(String url, String sql) throws SQLException {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A JDBC connection to the database behind {@code url} (from {@link #newDatabaseUrl}). */
  public static Connection connect(String url) throws SQLException {
    String db = url.substring(url.lastIndexOf('/') + 1);
    return server().getDatabase("postgres", db).getConnection();
  }
}
