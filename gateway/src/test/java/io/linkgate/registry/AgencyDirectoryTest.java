package io.linkgate.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What another instance changed reaches this instance's registry cache within the period, however long an entry sat unused. */
class AgencyDirectoryTest {

  @TempDir
  Path dir;

  /** A directory of its own over a demo gateway's database, on that gateway's Vert.x, with a clock the test moves. */
  private interface WithDirectory {
    void run(AgencyDirectory directory, MutableClock clock, String url) throws Exception;
  }

  private void withDirectory(WithDirectory test) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
    String url = TestDatabase.newDatabaseUrl();
    try (RunningGateway running = RunningGateway.demo(dir, null, Map.of(), clock, url)) {
      Pool pool = running.gateway().database().pool(running.gateway().vertx());
      try {
        test.run(new AgencyDirectory(running.gateway().vertx(), pool, Duration.ofSeconds(30), clock), clock, url);
      } finally {
        pool.close().await();
      }
    }
  }

  @Test
  void should_refuse_a_key_revoked_elsewhere_once_the_period_has_passed_even_if_unused_meanwhile() throws Exception {
    withDirectory((directory, clock, url) -> {
      byte[] hash = ApiKeys.hash(DemoData.API_KEY);
      assertTrue(directory.byApiKeyHash(hash).await().isPresent());
      try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
        s.execute("UPDATE agency_api_key SET revoked_at = now()"); // another instance revoked it
      }
      clock.advance(Duration.ofMinutes(10)); // nobody used the key here meanwhile
      assertFalse(directory.byApiKeyHash(hash).await().isPresent(), "the first use after the period already sees the revocation");
    });
  }

  /**
   * Made-up keys cost no query each: with the table locked (any query on it would wait), a key that is no active key
   * is refused at once, whether random or starting like a real key (its first characters are shown in listings). A
   * key made since is found once the keys read are a second old.
   */
  @Test
  void should_refuse_a_made_up_key_without_querying_even_with_a_real_keys_prefix_and_find_a_new_key() throws Exception {
    withDirectory((directory, clock, url) -> {
      assertTrue(directory.byApiKey(DemoData.API_KEY).await().isPresent());
      String prefix = ApiKeys.prefix(DemoData.API_KEY);
      try (Connection lock = TestDatabase.connect(url)) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE agency_api_key IN ACCESS EXCLUSIVE MODE");
        }
        for (int i = 0; i < 1000; i++) {
          String madeUp = i % 2 == 0 ? ApiKeys.newSecret() : prefix + ApiKeys.newSecret();
          assertFalse(directory.byApiKey(madeUp).await(2, java.util.concurrent.TimeUnit.SECONDS).isPresent());
        }
        lock.rollback();
      }
      String made = "zz-new-key-made-elsewhere";
      try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
        s.execute("INSERT INTO agency_api_key (id, agency_code, key_hash, key_prefix) VALUES (gen_random_uuid(), 'DEMO', "
            + "sha256('" + made + "'), '" + ApiKeys.prefix(made) + "')"); // another instance made it
      }
      Thread.sleep(1100); // the keys read at the last unknown one are a second old
      assertTrue(directory.byApiKey(made).await().isPresent(), "a key made since is found");
    });
  }
}
