package io.linkgate.usage;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
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

  /** The journal's JSON for a record, as UTF-8; written directly (the journal's writer encodes every record). */
  public static byte[] encode(LoggedRecord logged) {
    SealedRecord r = logged.record();
    return common(logged, false)
        .base64("targetEnc", r.targetEnc())
        .field("targetKey", r.targetKey())
        .base64("prevHash", logged.prevHash())
        .base64("hash", logged.hash())
        .close();
  }

  /** The sink line (without its newline): everything but the ciphertext; the target's keyed hash and the chain hash in hex. */
  public static byte[] sinkLine(LoggedRecord logged) {
    return common(logged, true)
        .field("hash", HexFormat.of().formatHex(logged.hash()))
        .close();
  }

  private static JsonBytes common(LoggedRecord logged, boolean hexTarget) {
    SealedRecord r = logged.record();
    JsonBytes j = new JsonBytes(512)
        .field("id", r.id().toString())
        .instant("at", r.at())
        .field("instanceId", logged.instanceId())
        .field("seq", logged.seq())
        .field("agency", r.agencyCode())
        .field("officeCode", r.officeCode())
        .field("officerId", str(r.officerId()))
        .field("sessionId", str(r.sessionId()))
        .field("deviceId", r.deviceId())
        .field("service", r.serviceCode())
        .field("dataset", r.dataset())
        .field("upstream", r.upstream())
        .field("requestRef", r.requestRef())
        .field("outcome", r.outcome())
        .field("status", r.status())
        .field("problem", r.problem())
        .field("latencyUs", r.latencyMicros())
        .field("cache", r.cache());
    if (hexTarget) {
      j.field("targetHash", r.targetHash() == null ? null : HexFormat.of().formatHex(r.targetHash()));
    } else {
      j.base64("targetHash", r.targetHash());
    }
    return j.field("correlationId", r.correlationId());
  }

  /** A minimal writer of one flat JSON object as UTF-8 (strings escaped as RFC 8259 requires). */
  private static final class JsonBytes {
    private byte[] out;
    private int length;

    JsonBytes(int capacity) {
      out = new byte[capacity];
      out[length++] = '{';
    }

    JsonBytes field(String name, String value) {
      name(name);
      if (value == null) {
        ascii("null");
      } else {
        string(value);
      }
      return this;
    }

    /** An instant as {@link Instant#toString()} writes it (ISO-8601, UTC, 0/3/6/9 fraction digits), without a formatter. */
    JsonBytes instant(String name, Instant at) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
      if (t.getYear() < 1000 || t.getYear() > 9999) {
        return field(name, at.toString());
      }
      name(name);
      room(32);
      out[length++] = '"';
      digits(t.getYear(), 4);
      out[length++] = '-';
      digits(t.getMonthValue(), 2);
      out[length++] = '-';
      digits(t.getDayOfMonth(), 2);
      out[length++] = 'T';
      digits(t.getHour(), 2);
      out[length++] = ':';
      digits(t.getMinute(), 2);
      out[length++] = ':';
      digits(t.getSecond(), 2);
      int nano = at.getNano();
      if (nano != 0) {
        out[length++] = '.';
        if (nano % 1_000_000 == 0) {
          digits(nano / 1_000_000, 3);
        } else if (nano % 1000 == 0) {
          digits(nano / 1000, 6);
        } else {
          digits(nano, 9);
        }
      }
      out[length++] = 'Z';
      out[length++] = '"';
      return this;
    }

    private void digits(int value, int count) {
      for (int i = count - 1; i >= 0; i--) {
        out[length + i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      length += count;
    }

    JsonBytes field(String name, long value) {
      name(name);
      ascii(Long.toString(value));
      return this;
    }

    byte[] close() {
      room(1);
      out[length++] = '}';
      return Arrays.copyOf(out, length);
    }

    private void name(String name) {
      room(1);
      if (length > 1) {
        out[length++] = ',';
      }
      string(name);
      room(1);
      out[length++] = ':';
    }

    private void string(String s) {
      int n = s.length();
      room(n + 2); // enough for the common case: printable ASCII only; the rest makes room as it goes
      out[length++] = '"';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
          out[length++] = (byte) c;
        } else if (c == '"' || c == '\\') {
          room(n - i + 2);
          out[length++] = '\\';
          out[length++] = (byte) c;
        } else if (c < 0x20 || c == 0x7f) {
          room(n - i + 7);
          ascii(String.format("\\u%04x", (int) c));
        } else {
          int end = i + 1;
          while (end < n && s.charAt(end) >= 0x80) {
            end++;
          }
          byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
          room(utf8.length + n - end + 1);
          System.arraycopy(utf8, 0, out, length, utf8.length);
          length += utf8.length;
          i = end - 1;
        }
      }
      out[length++] = '"';
    }

    /** A field whose value is bytes that need no escaping (Base64), or null. */
    JsonBytes base64(String name, byte[] value) {
      name(name);
      if (value == null) {
        ascii("null");
        return this;
      }
      byte[] encoded = Base64.getEncoder().encode(value);
      room(encoded.length + 2);
      out[length++] = '"';
      System.arraycopy(encoded, 0, out, length, encoded.length);
      length += encoded.length;
      out[length++] = '"';
      return this;
    }

    private void ascii(String s) {
      room(s.length());
      for (int i = 0; i < s.length(); i++) {
        out[length++] = (byte) s.charAt(i);
      }
    }

    private void room(int n) {
      if (length + n > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, length + n));
      }
    }
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
