package io.linkgate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.linkgate.Gateway;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {

  @TempDir
  Path dir;

  @Test
  void should_seed_once_and_store_no_plaintext_citizen_id() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    for (int run = 0; run < 2; run++) {
      Gateway gateway = Gateway.start(TestGateway.config(dir, url, Map.of()), new Gateway.Options(true, Clock.systemUTC()));
      gateway.stop();
    }
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM officer")) {
        rs.next();
        assertEquals(DemoData.OFFICERS.size(), rs.getInt(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM agency_api_key WHERE agency_code = 'DEMO'")) {
        rs.next();
        assertEquals(1, rs.getInt(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT office_code FROM agency WHERE code = 'DEMO'")) {
        rs.next();
        assertEquals("00023", rs.getString(1));
      }
      // no citizen ID in any column of the registry, in any textual form
      try (ResultSet rs = s.executeQuery("SELECT string_agg(t::text, '|') FROM (SELECT * FROM officer) t")) {
        rs.next();
        String dump = rs.getString(1);
        for (DemoData.Officer o : DemoData.OFFICERS) {
          assertFalse(dump.contains(o.citizenId()), "plaintext citizen ID of " + o.profile());
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT string_agg(t::text, '|') FROM (SELECT * FROM agency_api_key) t")) {
        rs.next();
        assertFalse(rs.getString(1).contains(DemoData.API_KEY), "plaintext API key");
      }
    }
  }
}
