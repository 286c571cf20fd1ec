package io.linkgate.usage;

import io.linkgate.privacy.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
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
  /** Seals the marks retention leaves where it cut a chain (a key of its own: a seal is never a record's hash). */
  private final byte[] retentionKey;
  // a Mac and a canonical-form buffer per thread: the journal's writer hashes every record, the verifier many
  private final ThreadLocal<Mac> macs;
  private static final ThreadLocal<Canonical> BUFFERS = ThreadLocal.withInitial(Canonical::new);

  public Chain(byte[] hmacKey) {
    this.key = new SecretKeySpec(Hmac.derive(hmacKey, "linkgate usage chain v1"), "HmacSHA256");
    this.retentionKey = Hmac.derive(hmacKey, "linkgate usage retention v1");
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(key);
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public LoggedRecord link(SealedRecord record, String instanceId, long seq, byte[] prevHash) {
    return new LoggedRecord(record, instanceId, seq, prevHash, hash(record, instanceId, seq, prevHash));
  }

  public byte[] hash(SealedRecord r, String instanceId, long seq, byte[] prevHash) {
    Mac mac = macs.get();
    Canonical c = BUFFERS.get().write(r, instanceId, seq);
    mac.update(prevHash);
    mac.update(c.bytes, 0, c.length);
    return mac.doFinal(); // also resets the Mac for the next record
  }

  /**
   * The seal of a retention mark: retention dropped the instance's records up to {@code seq}, the last of which had
   * {@code hash} (see {@link UsagePartitions}).
   */
  public byte[] retentionSeal(String instanceId, long seq, byte[] hash) {
    byte[] id = instanceId.getBytes(StandardCharsets.UTF_8);
    return Hmac.sha256(retentionKey, java.nio.ByteBuffer.allocate(4 + id.length + 8 + hash.length)
        .putInt(id.length).put(id).putLong(seq).put(hash).array());
  }

  /**
   * Every stored field in a fixed order, length-prefixed (unambiguous, and rebuilt the same from the database),
   * written big-endian into a reusable buffer: a version byte; strings and byte arrays as
   * a 4-byte length (-1 for none) and their (UTF-8) bytes; UUIDs as a presence byte and two longs; the time in
   * epoch microseconds.
   */
  private static final class Canonical {
    byte[] bytes = new byte[512];
    int length;

    Canonical write(SealedRecord r, String instanceId, long seq) {
      length = 0;
      u8(1); // format version
      text(instanceId);
      u64(seq);
      uuid(r.id());
      u64(r.at().getEpochSecond() * 1_000_000 + r.at().getNano() / 1000);
      text(r.agencyCode());
      text(r.officeCode());
      uuid(r.officerId());
      uuid(r.sessionId());
      text(r.deviceId());
      text(r.serviceCode());
      text(r.dataset());
      text(r.upstream());
      text(r.requestRef());
      text(r.outcome());
      u32(r.status());
      text(r.problem());
      u64(r.latencyMicros());
      text(r.cache());
      binary(r.targetHash());
      binary(r.targetEnc());
      text(r.targetKey());
      text(r.correlationId());
      return this;
    }

    private void room(int n) {
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
    }

    private void u8(int v) {
      room(1);
      bytes[length++] = (byte) v;
    }

    private void u32(int v) {
      room(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        bytes[length++] = (byte) (v >>> shift);
      }
    }

    private void u64(long v) {
      room(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes[length++] = (byte) (v >>> shift);
      }
    }

    private void text(String s) {
      if (s == null) {
        u32(-1);
        return;
      }
      int n = s.length();
      int start = length;
      u32(n);
      room(n);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) { // not ASCII (rare): its UTF-8 bytes instead, with their length
          length = start;
          binary(s.getBytes(StandardCharsets.UTF_8));
          return;
        }
        bytes[length++] = (byte) c;
      }
    }

    private void binary(byte[] b) {
      if (b == null) {
        u32(-1);
        return;
      }
      u32(b.length);
      room(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    private void uuid(UUID id) {
      if (id == null) {
        u8(0);
      } else {
        u8(1);
        u64(id.getMostSignificantBits());
        u64(id.getLeastSignificantBits());
      }
    }
  }
}
