package io.linkgate.cardedge.device;

import io.linkgate.cardedge.StateHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The workstation's Ed25519 device key. The private key lives in a file readable only by its owner
 * (PKCS#8, base64); the public key (X.509, base64) is what an admin enrolls at the gateway.
 */
public final class DeviceKey {

  /** The demo workstation's key, enrolled by the gateway's demo data. Public knowledge: demo only. */
  static final String DEMO_RESOURCE = "/io/linkgate/cardedge/device/demo-device.key";

  private final String deviceId;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private DeviceKey(String deviceId, PrivateKey privateKey, PublicKey publicKey) {
    this.deviceId = deviceId;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The default key file: {@code $HOME/.linkgate/card-edge/device.key} (see {@link StateHome}). */
  public static Path defaultFile() {
    return StateHome.directory().resolve("card-edge").resolve("device.key");
  }

  /** Makes a new key pair for device {@code deviceId} and writes it to {@code file} (mode 600); refuses to overwrite. */
  public static DeviceKey generate(Path file, String deviceId) throws IOException {
    if (!deviceId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{2,63}")) {
      throw new IllegalArgumentException("device id must be 3 to 64 letters, digits, '.', '_' or '-'");
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString(), null, "a device key exists already; remove it first to re-enroll");
    }
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, "id=" + deviceId + "\n" + "private=" + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
        + "public=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n", StandardCharsets.US_ASCII);
    return new DeviceKey(deviceId, pair.getPrivate(), pair.getPublic());
  }

  public static DeviceKey load(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        throw new IOException("device key " + file + " is readable by others; chmod 600 it");
      }
    }
    return decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
  }

  /** The demo workstation's key (matches the gateway's demo enrollment). */
  public static DeviceKey demo() {
    try (InputStream in = DeviceKey.class.getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("demo device key missing from the jar");
      }
      return decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key file: {@code id=<device id>}, {@code private=<PKCS#8 base64>}, {@code public=<X.509 base64>}, one per line. */
  private static DeviceKey decode(String text) {
    String id = null;
    String priv = null;
    String pub = null;
    for (String line : text.split("\\R")) {
      if (line.startsWith("id=")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("private=")) {
        priv = line.substring(8).trim();
      } else if (line.startsWith("public=")) {
        pub = line.substring(7).trim();
      }
    }
    if (id == null || priv == null || pub == null) {
      throw new IllegalArgumentException("not a card-edge device key file (needs id=, private= and public= lines)");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      return new DeviceKey(id, factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(priv))),
          factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pub))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 device key", e);
    }
  }

  public byte[] sign(byte[] payload) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(privateKey);
      signer.update(payload);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Base64 of the X.509 public key: what {@code enroll} prints for the admin. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  /** The same key under another device id (the demo's workstations share one demo key). */
  public DeviceKey as(String otherDeviceId) {
    return new DeviceKey(otherDeviceId, privateKey, publicKey);
  }

  /** The id the device is enrolled under at the gateway. */
  public String deviceId() {
    return deviceId;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "DeviceKey[" + deviceId + "]";
  }
}
