package io.linkgate.usage;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tamper-evident chain of an instance's records: {@code hash = HMAC-SHA256(chainKey, prevHash ||
 * canonical(record))}. The key is derived from the data-protection HMAC key, so whoever can write to the
 * database but does not hold the key cannot alter, remove or insert a record without breaking the chain.
 */
public final class Chain {

  public static final byte[] GENESIS = new byte[32];

  private final SecretKeySpec key;

  public Chain(byte[] hmacKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal("linkgate usage chain v1".getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public LoggedRecord link(SealedRecord record, String instanceId, long seq, byte[] prevHash) {
    return new LoggedRecord(record, instanceId, seq, prevHash, hash(record, instanceId, seq, prevHash));
  }

  public byte[] hash(SealedRecord r, String instanceId, long seq, byte[] prevHash) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(prevHash);
      mac.update(canonical(r, instanceId, seq));
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every stored field, in a fixed order, length-prefixed: unambiguous and rebuilt the same from the database. */
  static byte[] canonical(SealedRecord r, String instanceId, long seq) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1); // format version
      text(out, instanceId);
      out.writeLong(seq);
      uuid(out, r.id());
      out.writeLong(r.at().getEpochSecond() * 1_000_000 + r.at().getNano() / 1000);
      text(out, r.agencyCode());
      text(out, r.officeCode());
      uuid(out, r.officerId());
      uuid(out, r.sessionId());
      text(out, r.deviceId());
      text(out, r.serviceCode());
      text(out, r.dataset());
      text(out, r.upstream());
      text(out, r.requestRef());
      text(out, r.outcome());
      out.writeInt(r.status());
      text(out, r.problem());
      out.writeLong(r.latencyMicros());
      text(out, r.cache());
      binary(out, r.targetHash());
      binary(out, r.targetEnc());
      text(out, r.targetKey());
      text(out, r.correlationId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
    } else {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static void binary(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static void uuid(DataOutputStream out, UUID id) throws IOException {
    if (id == null) {
      out.writeBoolean(false);
    } else {
      out.writeBoolean(true);
      out.writeLong(id.getMostSignificantBits());
      out.writeLong(id.getLeastSignificantBits());
    }
  }
}
