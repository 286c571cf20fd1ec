package io.linkgate.privacy;

import io.linkgate.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data-protection keys against the database's record of them. The first instance to start stores a check value
 * of each key (an HMAC of a fixed label under the key, which reveals nothing of it); an instance, a restart or
 * {@code usage verify} with another key under the same name stops, instead of writing citizen hashes no search
 * finds, ciphertexts no other instance reads and chains {@code usage verify} reports as altered. New encryption
 * key ids are added as they appear (rotation: add a key, then make it active).
 */
public final class KeyCheck {

  private KeyCheck() {
  }

  /** Fails with a {@link ConfigException} naming the key that differs from the database's record; records new keys. */
  public static Future<Void> verify(Pool pool, PrivacyConfig keys) {
    return verify(pool, keys, true);
  }

  /** As {@link #verify(Pool, PrivacyConfig)}; with {@code record} false, only compares (a tool that changes nothing). */
  public static Future<Void> verify(Pool pool, PrivacyConfig keys, boolean record) {
    List<Tuple> expected = new ArrayList<>();
    expected.add(Tuple.of("hmac", "", value(keys.hmacKey(), "hmac")));
    for (Map.Entry<String, byte[]> e : keys.encryptionKeys().entrySet()) {
      expected.add(Tuple.of("aes", e.getKey(), value(e.getValue(), "aes " + e.getKey())));
    }
    Future<?> recorded = !record ? Future.succeededFuture()
        : pool.preparedQuery("INSERT INTO key_check (kind, key_id, value) VALUES ($1, $2, $3) ON CONFLICT (kind, key_id) DO NOTHING")
            .executeBatch(expected);
    return recorded
        .compose(v -> pool.query("SELECT kind, key_id, value FROM key_check").execute())
        .compose(rows -> {
          for (var row : rows) {
            for (Tuple t : expected) {
              if (t.getString(0).equals(row.getString(0)) && t.getString(1).equals(row.getString(1))
                  && !MessageDigest.isEqual(t.getBuffer(2).getBytes(), row.getBuffer(2).getBytes())) {
                return Future.failedFuture(mismatch(t.getString(0), t.getString(1)));
              }
            }
          }
          return Future.succeededFuture();
        });
  }

  private static ConfigException mismatch(String kind, String keyId) {
    String what = kind.equals("hmac") ? "privacy.hmacKey" : "privacy.encryptionKeys";
    return new ConfigException(what, (kind.equals("hmac") ? "is not" : "key '" + keyId + "' is not")
        + " the key the records in this database were written with: every instance and every restart must use the same"
        + " keys (with generated keys, the data directory's keys.properties that first wrote to this database)");
  }

  static io.vertx.core.buffer.Buffer value(byte[] key, String label) {
    return io.vertx.core.buffer.Buffer.buffer(Hmac.sha256(key, ("linkgate key check: " + label).getBytes(StandardCharsets.UTF_8)));
  }
}
