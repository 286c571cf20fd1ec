package io.linkgate.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.config.GatewayConfig;
import io.linkgate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @TempDir
  Path dir;

  private Database open(String url) throws Exception {
    GatewayConfig config = GatewayConfig.load(null, Map.of(), Map.of("database.url", url));
    return Database.open(config.database(), dir);
  }

  @Test
  void should_create_the_registry_schema_on_a_fresh_database() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (Database db = open(url)) {
      MigrateResult result = db.migrate();
      assertTrue(result.migrationsExecuted >= 1);
    }
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
             + "AND table_name IN ('agency','agency_api_key','service','agency_service','officer','officer_service','device')")) {
      rs.next();
      assertEquals(7, rs.getInt(1));
    }
  }

  @Test
  void should_apply_nothing_and_keep_rows_when_the_database_is_already_migrated() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (Database db = open(url)) {
      db.migrate();
    }
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO agency (code, office_code, name_th, name_en, monthly_quota) VALUES ('KEEP', '12345', 'ก', 'k', 10)");
    }
    try (Database db = open(url)) {
      assertEquals(0, db.migrate().migrationsExecuted);
    }
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT office_code FROM agency WHERE code = 'KEEP'")) {
      assertTrue(rs.next());
      assertEquals("12345", rs.getString(1));
    }
  }

  @Test
  void should_keep_the_jdbc_url_free_of_the_password() throws Exception {
    String url = TestDatabase.newDatabaseUrl().replace("postgres@", "postgres:topsecret@");
    try (Database db = open(url)) {
      assertTrue(!db.jdbcUrl().contains("topsecret"), db.jdbcUrl());
    }
  }
}
