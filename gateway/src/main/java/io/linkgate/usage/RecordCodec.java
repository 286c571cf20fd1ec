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

  // every field's name, quoted and followed by its colon, encoded once
  private static final byte[] N_TARGET_ENC = name("targetEnc");
  private static final byte[] N_TARGET_KEY = name("targetKey");
  private static final byte[] N_PREV_HASH = name("prevHash");
  private static final byte[] N_HASH = name("hash");
  private static final byte[] N_ID = name("id");
  private static final byte[] N_AT = name("at");
  private static final byte[] N_INSTANCE_ID = name("instanceId");
  private static final byte[] N_SEQ = name("seq");
  private static final byte[] N_AGENCY = name("agency");
  private static final byte[] N_OFFICE_CODE = name("officeCode");
  private static final byte[] N_OFFICER_ID = name("officerId");
  private static final byte[] N_SESSION_ID = name("sessionId");
  private static final byte[] N_DEVICE_ID = name("deviceId");
  private static final byte[] N_SERVICE = name("service");
  private static final byte[] N_DATASET = name("dataset");
  private static final byte[] N_UPSTREAM = name("upstream");
  private static final byte[] N_REQUEST_REF = name("requestRef");
  private static final byte[] N_OUTCOME = name("outcome");
  private static final byte[] N_STATUS = name("status");
  private static final byte[] N_PROBLEM = name("problem");
  private static final byte[] N_LATENCY_US = name("latencyUs");
  private static final byte[] N_CACHE = name("cache");
  private static final byte[] N_TARGET_HASH = name("targetHash");
  private static final byte[] N_CORRELATION_ID = name("correlationId");

  private RecordCodec() {
  }

  private static byte[] name(String name) {
    return ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
  }

  /** The journal's JSON for one record, as UTF-8, in an array of its own (the journal's writer uses {@link Encoder}). */
  static byte[] encode(LoggedRecord logged) {
    return journal(new JsonBytes(1024), logged).close();
  }

  /**
   * Encodes records one after another into one buffer that it keeps (the journal's writer encodes every record:
   * no arrays per record). What {@link #array()} holds is valid until the next {@link #encode}.
   */
  static final class Encoder {
    private final JsonBytes json = new JsonBytes(1024);

    Encoder encode(LoggedRecord logged) {
      json.reset();
      journal(json, logged).end();
      return this;
    }

    byte[] array() {
      return json.out;
    }

    int length() {
      return json.length;
    }
  }

  private static JsonBytes journal(JsonBytes j, LoggedRecord logged) {
    SealedRecord r = logged.record();
    return common(j, logged, false)
        .base64(N_TARGET_ENC, r.targetEnc())
        .field(N_TARGET_KEY, r.targetKey())
        .base64(N_PREV_HASH, logged.prevHash())
        .base64(N_HASH, logged.hash());
  }

  /** The sink line (without its newline): everything but the ciphertext; the target's keyed hash and the chain hash in hex. */
  public static byte[] sinkLine(LoggedRecord logged) {
    return common(new JsonBytes(1024), logged, true)
        .field(N_HASH, HexFormat.of().formatHex(logged.hash()))
        .close();
  }

  private static JsonBytes common(JsonBytes j, LoggedRecord logged, boolean hexTarget) {
    SealedRecord r = logged.record();
    j.uuid(N_ID, r.id())
        .instant(N_AT, r.at())
        .field(N_INSTANCE_ID, logged.instanceId())
        .field(N_SEQ, logged.seq())
        .field(N_AGENCY, r.agencyCode())
        .field(N_OFFICE_CODE, r.officeCode())
        .uuid(N_OFFICER_ID, r.officerId())
        .uuid(N_SESSION_ID, r.sessionId())
        .field(N_DEVICE_ID, r.deviceId())
        .field(N_SERVICE, r.serviceCode())
        .field(N_DATASET, r.dataset())
        .field(N_UPSTREAM, r.upstream())
        .field(N_REQUEST_REF, r.requestRef())
        .field(N_OUTCOME, r.outcome())
        .field(N_STATUS, r.status())
        .field(N_PROBLEM, r.problem())
        .field(N_LATENCY_US, r.latencyMicros())
        .field(N_CACHE, r.cache());
    if (hexTarget) {
      j.field(N_TARGET_HASH, r.targetHash() == null ? null : HexFormat.of().formatHex(r.targetHash()));
    } else {
      j.base64(N_TARGET_HASH, r.targetHash());
    }
    return j.field(N_CORRELATION_ID, r.correlationId());
  }

  /** A minimal writer of one flat JSON object as UTF-8 (strings escaped as RFC 8259 requires). */
  private static final class JsonBytes {
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        .getBytes(StandardCharsets.US_ASCII);
    private byte[] out;
    private int length;

    JsonBytes(int capacity) {
      out = new byte[capacity];
      reset();
    }

    void reset() {
      length = 0;
      out[length++] = '{';
    }

    JsonBytes field(byte[] name, String value) {
      name(name);
      if (value == null) {
        ascii("null");
      } else {
        string(value);
      }
      return this;
    }

    /** An instant as {@link Instant#toString()} writes it (ISO-8601, UTC, 0/3/6/9 fraction digits), without a formatter. */
    JsonBytes instant(byte[] name, Instant at) {
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

    /** The last {@code count} decimal digits of {@code value} (not negative), zero-padded; the room is the caller's. */
    private void digits(long value, int count) {
      for (int i = count - 1; i >= 0; i--) {
        out[length + i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      length += count;
    }

    JsonBytes field(byte[] name, long value) {
      name(name);
      if (value < 0) {
        ascii(Long.toString(value));
        return this;
      }
      int count = 1;
      for (long v = value; v >= 10; v /= 10) {
        count++;
      }
      room(count);
      digits(value, count);
      return this;
    }

    void end() {
      room(1);
      out[length++] = '}';
    }

    byte[] close() {
      end();
      return Arrays.copyOf(out, length);
    }

    /** A field whose value is a UUID (its canonical text), or null. */
    JsonBytes uuid(byte[] name, UUID value) {
      name(name);
      if (value == null) {
        ascii("null");
        return this;
      }
      room(UuidText.LENGTH + 2);
      out[length++] = '"';
      UuidText.write(value, out, length);
      length += UuidText.LENGTH;
      out[length++] = '"';
      return this;
    }

    /** A field's name: the quoted name and its colon, after a comma unless it is the first. */
    private void name(byte[] name) {
      room(name.length + 1);
      if (length > 1) {
        out[length++] = ',';
      }
      System.arraycopy(name, 0, out, length, name.length);
      length += name.length;
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
    JsonBytes base64(byte[] name, byte[] value) {
      name(name);
      if (value == null) {
        ascii("null");
        return this;
      }
      // standard Base64 with padding, as java.util.Base64's encoder writes it, straight into the buffer
      room((value.length + 2) / 3 * 4 + 2);
      out[length++] = '"';
      int i = 0;
      for (; i + 3 <= value.length; i += 3) {
        int bits = (value[i] & 0xff) << 16 | (value[i + 1] & 0xff) << 8 | (value[i + 2] & 0xff);
        out[length++] = BASE64[bits >>> 18];
        out[length++] = BASE64[(bits >>> 12) & 0x3f];
        out[length++] = BASE64[(bits >>> 6) & 0x3f];
        out[length++] = BASE64[bits & 0x3f];
      }
      int rest = value.length - i;
      if (rest > 0) {
        int bits = (value[i] & 0xff) << 16 | (rest == 2 ? (value[i + 1] & 0xff) << 8 : 0);
        out[length++] = BASE64[bits >>> 18];
        out[length++] = BASE64[(bits >>> 12) & 0x3f];
        out[length++] = rest == 2 ? BASE64[(bits >>> 6) & 0x3f] : (byte) '=';
        out[length++] = '=';
      }
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

}
