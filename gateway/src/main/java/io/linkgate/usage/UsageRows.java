package io.linkgate.usage;

import io.linkgate.privacy.CitizenIdProtector;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/** Turns usage_log rows into the JSON the usage API and stream answer with. */
final class UsageRows {

  static final String COLUMNS = "id, at, instance_id, seq, agency_code, office_code, officer_id, session_id, device_id, service_code, "
      + "dataset, upstream, request_ref, outcome, status, problem, latency_us, cache, target_hash, target_enc, target_key, correlation_id";

  private UsageRows() {
  }

  /**
   * The row as JSON; the decrypted citizen ID only when {@code protector} is given (ICT auditors). A citizen ID
   * that cannot be decrypted (its key is no longer configured, or the ciphertext was altered) is answered as
   * {@code "citizenId": null, "citizenIdUnreadable": true}: one such row does not cost the whole page its answer.
   */
  static JsonObject json(Row row, CitizenIdProtector decryptWith) {
    UUID officer = row.getUUID("officer_id");
    UUID session = row.getUUID("session_id");
    OffsetDateTime at = row.getOffsetDateTime("at");
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("at", at.toInstant().toString())
        .put("agency", row.getString("agency_code"))
        .put("officeCode", row.getString("office_code"))
        .put("officerId", officer == null ? null : officer.toString())
        .put("sessionId", session == null ? null : session.toString())
        .put("deviceId", row.getString("device_id"))
        .put("service", row.getString("service_code"))
        .put("dataset", row.getString("dataset"))
        .put("upstream", row.getString("upstream"))
        .put("requestRef", row.getString("request_ref"))
        .put("outcome", row.getString("outcome"))
        .put("status", row.getInteger("status"))
        .put("problem", row.getString("problem"))
        .put("latencyUs", row.getLong("latency_us"))
        .put("cache", row.getString("cache"))
        .put("instanceId", row.getString("instance_id"))
        .put("seq", row.getLong("seq"))
        .put("correlationId", row.getString("correlation_id"));
    var hash = row.getBuffer("target_hash");
    json.put("targetHash", hash == null ? null : HexFormat.of().formatHex(hash.getBytes()));
    if (decryptWith != null && row.getBuffer("target_enc") != null) {
      try {
        json.put("citizenId", decryptWith.decrypt(new CitizenIdProtector.Sealed(row.getString("target_key"), row.getBuffer("target_enc").getBytes())));
      } catch (IllegalArgumentException e) {
        json.put("citizenId", null).put("citizenIdUnreadable", true);
      }
    }
    return json;
  }
}
