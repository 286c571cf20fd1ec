package io.linkgate.registry;

import io.linkgate.privacy.CitizenIdProtector;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Officers in PostgreSQL, found by the keyed hash of their citizen ID. */
public final class OfficerRepository {

  private static final String SELECT = """
      SELECT o.id, o.agency_code, o.name_th, o.name_en, o.rank, o.roles, o.active, o.locked_at, o.citizen_id_enc, o.citizen_id_key,
             coalesce(array_agg(s.service_code) FILTER (WHERE s.service_code IS NOT NULL), '{}') AS services
      FROM officer o LEFT JOIN officer_service s ON s.officer_id = o.id
      """;

  private final Pool pool;
  private final CitizenIdProtector protector;

  public OfficerRepository(Pool pool, CitizenIdProtector protector) {
    this.pool = pool;
    this.protector = protector;
  }

  public Future<Optional<Officer>> findByCitizenId(String citizenId) {
    return pool.preparedQuery(SELECT + " WHERE o.citizen_id_hash = $1 GROUP BY o.id")
        .execute(Tuple.of(Buffer.buffer(protector.searchHash(citizenId))))
        .map(this::first);
  }

  public Future<Optional<Officer>> findById(UUID id) {
    return pool.preparedQuery(SELECT + " WHERE o.id = $1 GROUP BY o.id").execute(Tuple.of(id)).map(this::first);
  }

  /** Registers an officer; the citizen ID is stored only as keyed hash and ciphertext. */
  public Future<UUID> register(SqlClient client, String citizenId, String agencyCode, String nameTh, String nameEn, Rank rank,
                               Set<Role> roles, List<String> services) {
    UUID id = UUID.randomUUID();
    CitizenIdProtector.Sealed sealed = protector.encrypt(citizenId);
    return client.preparedQuery("""
            INSERT INTO officer (id, agency_code, citizen_id_hash, citizen_id_enc, citizen_id_key, name_th, name_en, rank, roles)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
        .execute(Tuple.of(id, agencyCode, Buffer.buffer(protector.searchHash(citizenId)), Buffer.buffer(sealed.bytes()),
            sealed.keyId(), nameTh, nameEn, rank.name(), roles.stream().map(Role::name).toArray(String[]::new)))
        .compose(r -> services.isEmpty() ? Future.succeededFuture()
            : client.preparedQuery("INSERT INTO officer_service (officer_id, service_code) VALUES ($1, $2)")
                .executeBatch(services.stream().map(s -> Tuple.of(id, s)).toList()))
        .map(id);
  }

  /** Locks the officer (the card's PIN is blocked); returns whether a row changed. */
  public Future<Boolean> lock(SqlClient client, UUID officerId, String reason) {
    return client.preparedQuery("UPDATE officer SET locked_at = now(), lock_reason = $2 WHERE id = $1 AND locked_at IS NULL")
        .execute(Tuple.of(officerId, reason)).map(r -> r.rowCount() > 0);
  }

  /** Unlocks the officer; returns whether they were locked. */
  public Future<Boolean> unlock(SqlClient client, UUID officerId) {
    return client.preparedQuery("UPDATE officer SET locked_at = NULL, lock_reason = NULL WHERE id = $1 AND locked_at IS NOT NULL")
        .execute(Tuple.of(officerId)).map(r -> r.rowCount() > 0);
  }

  private Optional<Officer> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
  }

  private Officer map(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : row.getArrayOfStrings("roles")) {
      roles.add(Role.valueOf(r));
    }
    OffsetDateTime locked = row.getOffsetDateTime("locked_at");
    return new Officer(row.getUUID("id"), row.getString("agency_code"), row.getString("name_th"), row.getString("name_en"),
        Rank.valueOf(row.getString("rank")), Set.copyOf(roles), Set.copyOf(new HashSet<>(List.of(row.getArrayOfStrings("services")))),
        row.getBoolean("active"), locked == null ? null : locked.toInstant(),
        protector.decrypt(new CitizenIdProtector.Sealed(row.getString("citizen_id_key"), row.getBuffer("citizen_id_enc").getBytes())));
  }
}
