package io.linkgate.privacy;

import io.linkgate.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves the configured keys, or generates keys once into {@code <dataDirectory>/keys.properties} (mode 600). */
public final class KeyMaterial {

  private static final Logger LOG = LoggerFactory.getLogger(KeyMaterial.class);
  static final String FILE = "keys.properties";

  private KeyMaterial() {
  }

  public static PrivacyConfig loadOrGenerate(PrivacyConfig configured, Path dataDirectory) throws IOException {
    if (!configured.generated()) {
      return configured;
    }
    Path file = dataDirectory.resolve(FILE);
    if (!Files.exists(file)) {
      generate(file);
      LOG.warn("generated data-protection keys in {}; back this file up, and configure privacy.* explicitly when running several instances",
          file.toAbsolutePath());
    }
    return load(file);
  }

  /**
   * The keys in {@code file}, checked as {@link PrivacyConfig#from} checks configured ones; a missing, empty or damaged
   * entry fails with a {@link ConfigException} naming the file and the entry (never a key).
   */
  static PrivacyConfig load(Path file) throws IOException {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    }
    try {
      String keyId = entry(props, "activeKeyId");
      if (!PrivacyConfig.KEY_ID.matcher(keyId).matches()) {
        throw new ConfigException("activeKeyId", "must be letters, digits, - or _ (at most 32)");
      }
      byte[] hmac = PrivacyConfig.hmacKey("hmacKey", entry(props, "hmacKey"));
      byte[] key = PrivacyConfig.encryptionKey("encryptionKey", "", entry(props, "encryptionKey"));
      return new PrivacyConfig(hmac, Map.of(keyId, key), keyId);
    } catch (ConfigException e) {
      throw new ConfigException(file.toAbsolutePath() + " " + e.key(), e.reason()
          + "; restore the file from its backup (deleting it generates new keys, and records sealed with the old ones become unreadable)");
    }
  }

  private static String entry(Properties props, String entry) {
    String value = props.getProperty(entry);
    if (value == null) {
      throw new ConfigException(entry, "is missing");
    }
    return value.trim();
  }

  private static void generate(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    SecureRandom random = new SecureRandom();
    byte[] hmac = new byte[32];
    byte[] key = new byte[32];
    random.nextBytes(hmac);
    random.nextBytes(key);
    Properties props = new Properties();
    props.setProperty("hmacKey", Base64.getEncoder().encodeToString(hmac));
    props.setProperty("encryptionKey", Base64.getEncoder().encodeToString(key));
    props.setProperty("activeKeyId", "k1");
    Path tmp = file.resolveSibling(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    StringWriter text = new StringWriter();
    props.store(text, "LinkGate data-protection keys (generated). Keep secret; losing them makes stored citizen IDs unreadable.");
    // on disk before the rename, and the rename on disk before any record is sealed with these keys: after a power
    // loss the file is whole or absent, never empty, and never absent once records depend on it
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    try {
      Files.move(tmp, file); // not ATOMIC_MOVE: that would replace a file another instance just wrote
    } catch (FileAlreadyExistsException e) {
      Files.delete(tmp); // another instance won the race; use its keys
    }
    forceDirectory(file.getParent());
  }

  /** Makes the directory's entries (the rename) durable; where a directory cannot be opened (Windows) there is nothing to do. */
  private static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (AccessDeniedException | UnsupportedOperationException e) {
      // not supported for directories on this platform
    }
  }
}
