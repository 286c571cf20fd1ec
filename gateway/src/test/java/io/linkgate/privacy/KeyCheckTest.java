package io.linkgate.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linkgate.Gateway;
import io.linkgate.config.ConfigException;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instances of one database must share its data-protection keys: one started with others stops at start-up. */
class KeyCheckTest {

  static final String H1 = key('h');
  static final String H2 = key('i');
  static final String A1 = key('a');
  static final String A2 = key('b');

  @TempDir
  Path dir;

  static String key(char c) {
    return Base64.getEncoder().encodeToString(String.valueOf(c).repeat(32).getBytes());
  }

  static Map<String, String> keys(String hmac, String encryptionKeys, String active) {
    return Map.of("privacy.hmacKey", hmac, "privacy.encryptionKeys", encryptionKeys, "privacy.activeKeyId", active);
  }

  static void startAndStop(Path dataDir, String url, Map<String, String> keys) throws Exception {
    Gateway.start(TestGateway.config(dataDir, url, keys), new Gateway.Options(false, Clock.systemUTC())).stop();
  }

  @Test
  void should_refuse_to_start_with_other_keys_than_the_database_was_written_with_and_accept_an_added_key() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    startAndStop(dir.resolve("a"), url, keys(H1, "k1:" + A1, "k1"));
    ConfigException hmac = assertThrows(ConfigException.class, () -> startAndStop(dir.resolve("b"), url, keys(H2, "k1:" + A1, "k1")));
    assertEquals("privacy.hmacKey", hmac.key());
    ConfigException aes = assertThrows(ConfigException.class, () -> startAndStop(dir.resolve("c"), url, keys(H1, "k1:" + A2, "k1")));
    assertEquals("privacy.encryptionKeys", aes.key());
    // rotation: a new key id is added and made active, the old one kept for reading
    startAndStop(dir.resolve("d"), url, keys(H1, "k1:" + A1 + ",k2:" + A2, "k2"));
    startAndStop(dir.resolve("e"), url, keys(H1, "k1:" + A1 + ",k2:" + A2, "k2"));
    assertEquals("privacy.encryptionKeys", assertThrows(ConfigException.class,
        () -> startAndStop(dir.resolve("f"), url, keys(H1, "k1:" + A1 + ",k2:" + A1, "k2"))).key(), "k2 is recorded now");
  }
}
