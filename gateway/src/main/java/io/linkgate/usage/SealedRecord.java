package io.linkgate.usage;

import io.linkgate.privacy.CitizenIdProtector;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A usage record as it is stored: the target citizen ID replaced by its keyed hash and its AES-GCM
 * ciphertext, the time truncated to PostgreSQL's microseconds (so the chain hash survives the round trip).
 */
public record SealedRecord(
    UUID id,
    Instant at,
    String agencyCode,
    String officeCode,
    UUID officerId,
    UUID sessionId,
    String deviceId,
    String serviceCode,
    String dataset,
    String upstream,
    String requestRef,
    String outcome,
    int status,
    String problem,
    long latencyMicros,
    String cache,
    byte[] targetHash,
    byte[] targetEnc,
    String targetKey,
    String correlationId) {

  public static SealedRecord seal(UsageRecord r, CitizenIdProtector protector) {
    byte[] hash = null;
    byte[] enc = null;
    String key = null;
    if (r.targetCitizenId() != null) {
      hash = protector.searchHash(r.targetCitizenId());
      CitizenIdProtector.Sealed sealed = protector.encrypt(r.targetCitizenId());
      enc = sealed.bytes();
      key = sealed.keyId();
    }
    return new SealedRecord(r.id(), r.at().truncatedTo(ChronoUnit.MICROS), r.agencyCode(), r.officeCode(), r.officerId(),
        r.sessionId(), r.deviceId(), r.serviceCode(), r.dataset(), r.upstream(), r.requestRef(), r.outcome().name(), r.status(),
        r.problem(), r.latencyMicros(), r.cache(), hash, enc, key, r.correlationId());
  }

  @Override
  public String toString() {
    return "SealedRecord[" + id + ", " + agencyCode + ", " + dataset + ", " + outcome + " " + status + "]";
  }
}
