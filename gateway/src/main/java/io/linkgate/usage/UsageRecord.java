package io.linkgate.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * One request to a lookup endpoint, allowed or refused: the line of the control book. The target citizen ID
 * is held here in plain text only in memory, on its way to being encrypted; {@link #toString} omits it.
 */
public record UsageRecord(
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
    Outcome outcome,
    int status,
    String problem,
    long latencyMicros,
    String cache,
    String targetCitizenId,
    String correlationId) {

  @Override
  public String toString() {
    return "UsageRecord[" + id + ", " + agencyCode + ", " + dataset + ", " + outcome + " " + status + "]";
  }
}
