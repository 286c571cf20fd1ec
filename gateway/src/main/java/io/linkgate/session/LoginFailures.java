package io.linkgate.session;

import io.linkgate.privacy.CitizenIdProtector;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Records refused logins and PIN failures for the monthly report: who (when known), when, why. Rows older than
 * {@code usage.retentionMonths} go with the usage log's months (see UsagePartitions).
 */
public final class LoginFailures {

  /** What is known about a login attempt when it fails; {@code signed}: the enrolled device's signature checked out. */
  public static final class Attempt {
    boolean signed;
    /** A blocked PIN's report: never throttled (the officer must be locked and the block on record). */
    boolean blockedPin;
    String agencyCode;
    UUID officerId;
    String citizenId;
    String deviceId;
    Integer triesRemaining;
  }

  private final Pool pool;
  private final CitizenIdProtector protector;
  private final Clock clock;

  public LoginFailures(Pool pool, CitizenIdProtector protector, Clock clock) {
    this.pool = pool;
    this.protector = protector;
    this.clock = clock;
  }

  public Future<Void> record(Attempt attempt, String reason) {
    return pool.preparedQuery("""
            INSERT INTO login_failure (id, at, agency_code, officer_id, citizen_id_hash, device_id, reason, tries_remaining)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
        .execute(Tuple.of(UUID.randomUUID(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), attempt.agencyCode,
            attempt.officerId, attempt.citizenId == null ? null : Buffer.buffer(protector.searchHash(attempt.citizenId)),
            attempt.deviceId, reason, attempt.triesRemaining == null ? null : attempt.triesRemaining.shortValue()))
        .mapEmpty();
  }
}
