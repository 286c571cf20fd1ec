package io.linkgate.registry;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Enrolled card-edge devices. */
public final class DeviceRepository {

  private final Pool pool;

  public DeviceRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Device>> find(String id) {
    return pool.preparedQuery("SELECT id, agency_code, public_key, label, enrolled_at, revoked_at FROM device WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  public Future<Void> enroll(SqlClient client, String id, String agencyCode, byte[] publicKey, String label) {
    return client.preparedQuery("INSERT INTO device (id, agency_code, public_key, label) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(id, agencyCode, Buffer.buffer(publicKey), label)).mapEmpty();
  }

  /** Marks the device revoked; returns whether it was active. */
  public Future<Boolean> revoke(SqlClient client, String id) {
    return client.preparedQuery("UPDATE device SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(id)).map(r -> r.rowCount() > 0);
  }

  public Future<Void> touch(String id) {
    return pool.preparedQuery("UPDATE device SET last_seen_at = now() WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  private static Device map(Row row) {
    OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
    return new Device(row.getString("id"), row.getString("agency_code"), row.getBuffer("public_key").getBytes(),
        row.getString("label"), row.getOffsetDateTime("enrolled_at").toInstant(), revoked == null ? null : revoked.toInstant());
  }
}
