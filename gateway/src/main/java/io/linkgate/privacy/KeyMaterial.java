package io.linkgate.privacy;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    }
    String keyId = props.getProperty("activeKeyId");
    byte[] hmac = Base64.getDecoder().decode(props.getProperty("hmacKey"));
    byte[] key = Base64.getDecoder().decode(props.getProperty("encryptionKey"));
    return new PrivacyConfig(hmac, Map.of(keyId, key), keyId);
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
    try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
      props.store(writer, "LinkGate data-protection keys (generated). Keep secret; losing them makes stored citizen IDs unreadable.");
    }
    try {
      Files.move(tmp, file);
    } catch (FileAlreadyExistsException e) {
      Files.delete(tmp); // another instance won the race; use its keys
    }
  }
}
