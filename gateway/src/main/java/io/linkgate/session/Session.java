package io.linkgate.session;

import io.linkgate.registry.Officer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An officer's card session as every policy sees it. Immutable; the last-seen time lives in the store. */
public record Session(UUID id, byte[] tokenHash, Officer officer, String deviceId, String chipId, LocalDate cardExpiry,
                      Instant createdAt, Instant expiresAt, Instant endedAt, String endReason) {

  public boolean ended() {
    return endedAt != null;
  }

  public String agencyCode() {
    return officer.agencyCode();
  }

  @Override
  public String toString() {
    return "Session[" + id + ", officer=" + officer.id() + ", device=" + deviceId + "]";
  }
}
