package io.linkgate.db;

import io.linkgate.concurrent.DirectoryClaims;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL (zonky) used when no database URL is configured. Its cluster lives in
 * {@code <dataDirectory>/postgres} and survives restarts; as root it runs in a user namespace. Durability
 * settings are PostgreSQL's defaults (fsync and synchronous commit on), not the test-friendly ones.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String DATABASE = "linkgate";
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  /**
   * The cluster, claimed for this process until the server stops. Checked before the lock file is opened at all:
   * closing any channel on a file drops every lock this process holds on it (POSIX record locks), so probing our own
   * server's lock would release it.
   */
  private final DirectoryClaims.Claim claim;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DirectoryClaims.Claim claim) {
    this.postgres = postgres;
    this.claim = claim;
  }

  static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
    Path cluster = dataDirectory.resolve("postgres").toAbsolutePath();
    Files.createDirectories(cluster);
    DirectoryClaims.Claim claim = DirectoryClaims.claim(cluster).orElseThrow(() -> inUse(cluster));
    try {
      return start(dataDirectory, port, cluster, claim);
    } catch (IOException | RuntimeException e) {
      claim.close();
      throw e;
    }
  }

  private static EmbeddedDatabase start(Path dataDirectory, int port, Path cluster, DirectoryClaims.Claim claim)
      throws IOException {
    refuseIfInUse(cluster);
    stopOrphanedServer(cluster);
    Path logFile = dataDirectory.resolve("postgres.log").toAbsolutePath();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(cluster)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("log_min_error_statement", "panic")
        .setServerConfig("log_error_verbosity", "terse")
        .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres = builder.start();
    EmbeddedDatabase db = new EmbeddedDatabase(postgres, claim);
    try {
      db.createDatabaseIfMissing();
    } catch (SQLException e) {
      db.close();
      throw new IOException("cannot create database " + DATABASE + " in the embedded PostgreSQL", e);
    }
    LOG.atInfo().addKeyValue("port", postgres.getPort()).addKeyValue("directory", cluster.toString())
        .log("embedded PostgreSQL started");
    return db;
  }

  int port() {
    return postgres.getPort();
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
    }
  }

  /**
   * A running gateway (or {@code usage verify}) holds the cluster's lock file ({@code epg-lock}, zonky's) for as long
   * as its server runs; a killed one holds nothing. Checked before {@link #stopOrphanedServer}, which would otherwise
   * stop the server of a gateway that is still running on this data directory.
   */
  private static void refuseIfInUse(Path cluster) throws IOException {
    Path lockFile = cluster.resolve("epg-lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    boolean held;
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      held = lock == null;
      if (lock != null) {
        lock.release();
      }
    } catch (OverlappingFileLockException e) {
      held = true; // a lock of this process on it not taken under a claim: not expected
    }
    if (held) {
      throw inUse(cluster);
    }
  }

  private static IOException inUse(Path cluster) {
    return new IOException("the embedded PostgreSQL in " + cluster + " is in use by another gateway process (or a running"
        + " usage verify): stop it first, or give this one a data directory of its own (--data-dir)");
  }

  /**
   * A gateway killed with SIGKILL leaves its embedded server running (pg_ctl detaches it). If the
   * cluster's postmaster.pid names a live postgres process, stop it before starting a new one.
   */
  private static void stopOrphanedServer(Path cluster) throws IOException {
    Path pidFile = cluster.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (RuntimeException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(cmd -> cmd.endsWith("/postgres")).orElse(false));
    if (process.isEmpty()) {
      return;
    }
    LOG.atWarn().addKeyValue("pid", pid).log("stopping the embedded PostgreSQL left running by an earlier gateway");
    process.get().destroy(); // SIGTERM: smart shutdown
    try {
      process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      process.get().destroyForcibly();
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly", e);
    } finally {
      claim.close();
    }
  }
}
