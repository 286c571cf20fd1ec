package io.linkgate.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CitizenIdProtectorTest {

  private static final String CID = "1101700001016";

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  @Test
  void should_round_trip_a_citizen_id_without_the_plaintext_in_the_ciphertext() {
    CitizenIdProtector p = new CitizenIdProtector(new PrivacyConfig(key(1), Map.of("k1", key(2)), "k1"));
    CitizenIdProtector.Sealed sealed = p.encrypt(CID);
    assertEquals("k1", sealed.keyId());
    assertFalse(new String(sealed.bytes(), StandardCharsets.ISO_8859_1).contains(CID));
    assertEquals(CID, p.decrypt(sealed));
  }

  @Test
  void should_use_a_fresh_nonce_for_every_encryption() {
    CitizenIdProtector p = new CitizenIdProtector(new PrivacyConfig(key(1), Map.of("k1", key(2)), "k1"));
    assertFalse(Arrays.equals(p.encrypt(CID).bytes(), p.encrypt(CID).bytes()));
  }

  @Test
  void should_decrypt_old_records_with_the_old_key_after_rotation() {
    CitizenIdProtector before = new CitizenIdProtector(new PrivacyConfig(key(1), Map.of("k1", key(2)), "k1"));
    CitizenIdProtector.Sealed old = before.encrypt(CID);
    CitizenIdProtector after = new CitizenIdProtector(new PrivacyConfig(key(1), Map.of("k1", key(2), "k2", key(3)), "k2"));
    assertEquals("k2", after.encrypt(CID).keyId());
    assertEquals(CID, after.decrypt(old));
  }

  @Test
  void should_refuse_a_tampered_ciphertext() {
    CitizenIdProtector p = new CitizenIdProtector(new PrivacyConfig(key(1), Map.of("k1", key(2)), "k1"));
    CitizenIdProtector.Sealed sealed = p.encrypt(CID);
    sealed.bytes()[sealed.bytes().length - 1] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> p.decrypt(sealed));
  }

  @Test
  void should_give_a_stable_keyed_hash_that_depends_on_the_key() {
    CitizenIdProtector a = new CitizenIdProtector(new PrivacyConfig(key(1), Map.of("k1", key(2)), "k1"));
    CitizenIdProtector b = new CitizenIdProtector(new PrivacyConfig(key(9), Map.of("k1", key(2)), "k1"));
    assertArrayEquals(a.searchHash(CID), a.searchHash(CID));
    assertFalse(Arrays.equals(a.searchHash(CID), b.searchHash(CID)));
  }

  @Test
  void should_generate_keys_once_into_an_owner_only_file(@TempDir Path dir) throws Exception {
    PrivacyConfig unset = new PrivacyConfig(null, Map.of(), "");
    PrivacyConfig first = KeyMaterial.loadOrGenerate(unset, dir);
    PrivacyConfig second = KeyMaterial.loadOrGenerate(unset, dir);
    assertArrayEquals(first.hmacKey(), second.hmacKey());
    assertArrayEquals(first.encryptionKeys().get(first.activeKeyId()), second.encryptionKeys().get(second.activeKeyId()));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dir.resolve(KeyMaterial.FILE)));
    assertTrue(new CitizenIdProtector(second).decrypt(new CitizenIdProtector(first).encrypt(CID)).equals(CID));
  }

  @Test
  void should_refuse_to_start_naming_the_file_when_the_generated_keys_file_is_empty_or_damaged(@TempDir Path dir) throws Exception {
    PrivacyConfig unset = new PrivacyConfig(null, Map.of(), "");
    Path file = dir.resolve(KeyMaterial.FILE);
    Files.writeString(file, ""); // a power loss after the rename, before the data reached the disk
    io.linkgate.config.ConfigException empty = assertThrows(io.linkgate.config.ConfigException.class, () -> KeyMaterial.loadOrGenerate(unset, dir));
    assertTrue(empty.getMessage().contains(file.toAbsolutePath().toString()), empty.getMessage());
    assertEquals("", Files.readString(file), "an empty file is not replaced by new keys");

    String hmac = java.util.Base64.getEncoder().encodeToString(key(1));
    String short16 = java.util.Base64.getEncoder().encodeToString(new byte[16]);
    Files.writeString(file, "activeKeyId=k1\nhmacKey=" + hmac + "\nencryptionKey=" + short16 + "\n");
    io.linkgate.config.ConfigException aes128 = assertThrows(io.linkgate.config.ConfigException.class, () -> KeyMaterial.loadOrGenerate(unset, dir));
    assertTrue(aes128.getMessage().contains(file.toAbsolutePath() + " encryptionKey") && aes128.getMessage().contains("32 bytes"), aes128.getMessage());
    assertFalse(aes128.getMessage().contains(short16) || aes128.getMessage().contains(hmac), "never the key itself");
  }
}
