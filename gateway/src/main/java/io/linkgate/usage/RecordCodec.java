package io.linkgate.usage;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The journal's record format (one compact JSON object) and the JSON-lines sink's (the same without the
 * ciphertext). Neither ever holds a plain citizen ID.
 */
public final class RecordCodec {

  private RecordCodec() {
  }

  public static Buffer encode(LoggedRecord logged) {
    return journalJson(logged).toBuffer();
  }

  static JsonObject journalJson(LoggedRecord logged) {
    SealedRecord r = logged.record();
    Base64.Encoder b64 = Base64.getEncoder();
    return common(logged)
        .put("targetEnc", r.targetEnc() == null ? null : b64.encodeToString(r.targetEnc()))
        .put("targetKey", r.targetKey())
        .put("prevHash", b64.encodeToString(logged.prevHash()))
        .put("hash", b64.encodeToString(logged.hash()));
  }

  /** The sink line: everything but the ciphertext; the target as its keyed hash in hex. */
  public static JsonObject sinkJson(LoggedRecord logged) {
    SealedRecord r = logged.record();
    return common(logged)
        .put("targetHash", r.targetHash() == null ? null : HexFormat.of().formatHex(r.targetHash()))
        .put("hash", HexFormat.of().formatHex(logged.hash()));
  }

  private static JsonObject common(LoggedRecord logged) {
    SealedRecord r = logged.record();
    return new JsonObject()
        .put("id", r.id().toString())
        .put("at", r.at().toString())
        .put("instanceId", logged.instanceId())
        .put("seq", logged.seq())
        .put("agency", r.agencyCode())
        .put("officeCode", r.officeCode())
        .put("officerId", str(r.officerId()))
        .put("sessionId", str(r.sessionId()))
        .put("deviceId", r.deviceId())
        .put("service", r.serviceCode())
        .put("dataset", r.dataset())
        .put("upstream", r.upstream())
        .put("requestRef", r.requestRef())
        .put("outcome", r.outcome())
        .put("status", r.status())
        .put("problem", r.problem())
        .put("latencyUs", r.latencyMicros())
        .put("cache", r.cache())
        .put("targetHash", r.targetHash() == null ? null : Base64.getEncoder().encodeToString(r.targetHash()))
        .put("correlationId", r.correlationId());
  }

  public static LoggedRecord decode(Buffer payload) {
    JsonObject j = payload.toJsonObject();
    Base64.Decoder b64 = Base64.getDecoder();
    SealedRecord r = new SealedRecord(
        UUID.fromString(j.getString("id")), Instant.parse(j.getString("at")), j.getString("agency"), j.getString("officeCode"),
        uuid(j.getString("officerId")), uuid(j.getString("sessionId")), j.getString("deviceId"), j.getString("service"),
        j.getString("dataset"), j.getString("upstream"), j.getString("requestRef"), j.getString("outcome"), j.getInteger("status"),
        j.getString("problem"), j.getLong("latencyUs"), j.getString("cache"),
        bytes(b64, j.getString("targetHash")), bytes(b64, j.getString("targetEnc")), j.getString("targetKey"), j.getString("correlationId"));
    return new LoggedRecord(r, j.getString("instanceId"), j.getLong("seq"), b64.decode(j.getString("prevHash")), b64.decode(j.getString("hash")));
  }

  private static byte[] bytes(Base64.Decoder d, String s) {
    return s == null ? null : d.decode(s);
  }

  private static UUID uuid(String s) {
    return s == null ? null : UUID.fromString(s);
  }

  private static String str(UUID id) {
    return id == null ? null : id.toString();
  }
}
