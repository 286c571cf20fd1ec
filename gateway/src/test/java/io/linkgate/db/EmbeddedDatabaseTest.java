package io.linkgate.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import io.linkgate.testing.GatewayProcess;
import io.linkgate.testing.LockProbe;
import io.linkgate.testing.Processes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: starts in the data directory (as root too), keeps data across restarts, stops on close. */
class EmbeddedDatabaseTest {

  @TempDir
  Path dir;

  @Test
  void should_keep_data_across_restarts_and_stop_the_server_on_close() throws Exception {
    GatewayConfig config = GatewayConfig.load(null, Map.of(), Map.of());
    Vertx vertx = Vertx.vertx();
    long pid;
    try {
      try (Database db = Database.open(config.database(), dir)) {
        assertTrue(db.embedded());
        db.migrate();
        Pool pool = db.pool(vertx);
        pool.query("INSERT INTO service (code, name_th, name_en) VALUES ('PERSIST', 'คงอยู่', 'persists')").execute().await();
        pool.close().await();
        pid = Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).trim());
        assertTrue(Processes.running(pid));
      }
      assertFalse(Processes.running(pid), "embedded server still running after close");
      try (Database db = Database.open(config.database(), dir)) {
        assertEquals(0, db.migrate().migrationsExecuted);
        Pool pool = db.pool(vertx);
        Row row = pool.query("SELECT name_en FROM service WHERE code = 'PERSIST'").execute().await().iterator().next();
        assertEquals("persists", row.getString(0));
        pool.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void should_refuse_a_data_directory_whose_server_is_in_use_and_leave_that_server_running() throws Exception {
    GatewayConfig config = GatewayConfig.load(null, Map.of(), Map.of());
    Vertx vertx = Vertx.vertx();
    try (Database running = Database.open(config.database(), dir)) {
      long pid = Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).trim());

      java.io.IOException refused = assertThrows(java.io.IOException.class, () -> Database.open(config.database(), dir));

      assertTrue(refused.getMessage().contains("is in use by another gateway process"), refused.getMessage());
      assertTrue(Processes.running(pid), "the running gateway's server was stopped");
      assertTrue(LockProbe.heldAgainstAnotherProcess(dir.resolve("postgres/epg-lock")), "the refusal released the running server's lock");
      Pool pool = running.pool(vertx);
      assertEquals(1, pool.query("SELECT 1").execute().await().iterator().next().getInteger(0));
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void should_keep_the_lock_of_its_running_server_when_its_data_directory_is_opened_again_under_another_name() throws Exception {
    GatewayConfig config = GatewayConfig.load(null, Map.of(), Map.of());
    Path lockFile = dir.resolve("postgres/epg-lock");
    Path link = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link"), dir);
    try (Database running = Database.open(config.database(), dir)) {
      assertTrue(LockProbe.heldAgainstAnotherProcess(lockFile), "the running server holds no lock to keep");

      for (Path sameDirectory : List.of(dir.resolve("."), link, Path.of("").toAbsolutePath().relativize(dir))) {
        java.io.IOException refused = assertThrows(java.io.IOException.class, () -> Database.open(config.database(), sameDirectory));

        assertTrue(refused.getMessage().contains("is in use by another gateway process"), refused.getMessage());
        assertTrue(LockProbe.heldAgainstAnotherProcess(lockFile), "refusing " + sameDirectory + " released the running server's lock");
      }
    } finally {
      Files.delete(link);
    }
  }

  @Test
  void should_refuse_a_data_directory_whose_lock_another_process_holds_without_touching_it() throws Exception {
    Path other = dir.resolve("other");
    Path cluster = other.resolve("postgres");
    Files.createDirectories(cluster);
    Path pidFile = cluster.resolve("postmaster.pid");
    Files.writeString(pidFile, "1\n"); // would be read (and its process stopped) if the lock were not checked first
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), cluster.resolve("epg-lock").toString())
        .redirectErrorStream(true).start();
    try {
      java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
      assertEquals("locked", out.readLine());
      GatewayConfig config = GatewayConfig.load(null, Map.of(), Map.of());

      java.io.IOException refused = assertThrows(java.io.IOException.class, () -> Database.open(config.database(), other));

      assertTrue(refused.getMessage().contains("is in use by another gateway process"), refused.getMessage());
      assertEquals("1\n", Files.readString(pidFile));
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
  }

  @Test
  void should_stop_a_server_left_running_by_a_killed_gateway() throws Exception {
    long orphan;
    try (GatewayProcess gateway = GatewayProcess.start(dir.resolve("run"), List.of("--sandbox", "--data-dir", dir.toString()), Map.of())) {
      gateway.awaitReady(Duration.ofSeconds(60));
      orphan = Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).trim());
      gateway.kill();
    }
    assertTrue(Processes.running(orphan), "SIGKILL left no orphan to test with");
    GatewayConfig config = GatewayConfig.load(null, Map.of(), Map.of());
    try (Database db = Database.open(config.database(), dir)) {
      assertFalse(Processes.running(orphan), "orphaned server not stopped");
      assertEquals(0, db.migrate().migrationsExecuted);
    }
  }
}
