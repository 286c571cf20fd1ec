package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  static LoggedRecord logged(SealedRecord r) {
    return new Chain(ChainTest.KEY).link(r, "instance-a", 41, HexFormat.of().parseHex("ff".repeat(32)));
  }

  static void assertSame(LoggedRecord expected, LoggedRecord actual) {
    assertEquals(expected.instanceId(), actual.instanceId());
    assertEquals(expected.seq(), actual.seq());
    assertArrayEquals(expected.prevHash(), actual.prevHash());
    assertArrayEquals(expected.hash(), actual.hash());
    SealedRecord e = expected.record();
    SealedRecord a = actual.record();
    assertArrayEquals(e.targetHash(), a.targetHash());
    assertArrayEquals(e.targetEnc(), a.targetEnc());
    // every other component by value; the chain hash over the decoded record is the strongest check
    assertArrayEquals(expected.hash(), new Chain(ChainTest.KEY).hash(a, actual.instanceId(), actual.seq(), actual.prevHash()));
    assertEquals(e.toString(), a.toString());
  }

  @Test
  void should_decode_what_it_encodes_for_full_and_sparse_records() {
    for (SealedRecord r : new SealedRecord[] {ChainTest.full(), ChainTest.sparse()}) {
      LoggedRecord l = logged(r);
      assertSame(l, RecordCodec.decode(Buffer.buffer(RecordCodec.encode(l))));
    }
  }

  @Test
  void should_write_uuids_and_numbers_as_their_text_and_null_as_null() {
    LoggedRecord full = logged(ChainTest.full());
    JsonObject json = new JsonObject(Buffer.buffer(RecordCodec.encode(full)));
    assertEquals(full.record().id().toString(), json.getString("id"));
    assertEquals(full.record().officerId().toString(), json.getString("officerId"));
    assertEquals(full.record().sessionId().toString(), json.getString("sessionId"));
    assertEquals(41, json.getLong("seq"));
    assertEquals(200, json.getInteger("status"));
    JsonObject sparse = new JsonObject(Buffer.buffer(RecordCodec.encode(logged(ChainTest.sparse()))));
    for (String absent : List.of("officerId", "sessionId", "agency", "targetEnc", "correlationId")) {
      assertTrue(sparse.containsKey(absent) && sparse.getValue(absent) == null, absent + " is written as null");
    }
    assertEquals("01a2028e-595d-7307-b70d-750e723cbd64", sparse.getString("id"));
  }

  @Test
  void should_write_bytes_as_java_util_base64_does_and_reuse_the_encoder_buffer_safely() {
    SealedRecord f = ChainTest.full();
    Random random = new Random(3);
    RecordCodec.Encoder encoder = new RecordCodec.Encoder();
    for (int n = 0; n <= 70; n++) {
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      long latency = n == 70 ? -5 : switch (n % 5) {
        case 0 -> 0;
        case 1 -> 9;
        case 2 -> 10;
        case 3 -> Long.MAX_VALUE;
        default -> random.nextLong(1_000_000_000_000L);
      };
      SealedRecord r = new SealedRecord(f.id(), f.at(), f.agencyCode(), f.officeCode(), f.officerId(), f.sessionId(), f.deviceId(),
          f.serviceCode(), f.dataset(), f.upstream(), f.requestRef(), f.outcome(), f.status(), f.problem(), latency,
          f.cache(), f.targetHash(), bytes, f.targetKey(), f.correlationId());
      LoggedRecord l = logged(r);
      byte[] alone = RecordCodec.encode(l);
      encoder.encode(l);
      assertArrayEquals(alone, java.util.Arrays.copyOf(encoder.array(), encoder.length()), "the reused buffer holds exactly this record");
      JsonObject json = new JsonObject(Buffer.buffer(alone));
      assertEquals(Base64.getEncoder().encodeToString(bytes), json.getString("targetEnc"));
      assertEquals(Base64.getEncoder().encodeToString(l.hash()), json.getString("hash"));
      assertEquals(latency, json.getLong("latencyUs"));
    }
  }

  @Test
  void should_write_the_time_as_instant_to_string_does() {
    SealedRecord f = ChainTest.full();
    List<Instant> times = new ArrayList<>(List.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T23:59:59.9Z"),
        Instant.parse("2028-02-29T12:00:00.000001Z"), Instant.parse("2026-06-15T08:30:00.000000001Z"),
        Instant.parse("1999-12-31T23:59:59.123456789Z"), Instant.parse("0999-01-01T00:00:00Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.ofEpochSecond(-1, 5), Instant.now()));
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      long nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000L;
        case 2 -> random.nextInt(1_000_000) * 1000L;
        default -> random.nextInt(1_000_000_000);
      };
      times.add(Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L), nanos));
    }
    for (Instant at : times) {
      SealedRecord r = new SealedRecord(f.id(), at, f.agencyCode(), f.officeCode(), f.officerId(), f.sessionId(), f.deviceId(),
          f.serviceCode(), f.dataset(), f.upstream(), f.requestRef(), f.outcome(), f.status(), f.problem(), f.latencyMicros(),
          f.cache(), f.targetHash(), f.targetEnc(), f.targetKey(), f.correlationId());
      JsonObject json = new JsonObject(Buffer.buffer(RecordCodec.encode(logged(r))));
      assertEquals(at.toString(), json.getString("at"));
    }
  }

  @Test
  void should_write_sink_lines_without_the_ciphertext_and_with_hex_hashes() {
    LoggedRecord l = logged(ChainTest.full());
    JsonObject line = new JsonObject(new String(RecordCodec.sinkLine(l), StandardCharsets.UTF_8));
    assertFalse(line.containsKey("targetEnc"));
    assertFalse(line.containsKey("prevHash"));
    assertEquals("01020304", line.getString("targetHash"));
    assertEquals(HexFormat.of().formatHex(l.hash()), line.getString("hash"));
    assertEquals("CASE-1/ก.พ.#7", line.getString("requestRef"));
    assertEquals(41, line.getLong("seq"));
  }

  @Test
  void should_escape_strings_so_that_any_json_parser_reads_them_back() {
    String tricky = "q\"b\\s/n\nt\tc\u0001d\u007fไทย😀end";
    SealedRecord f = ChainTest.full();
    SealedRecord r = new SealedRecord(f.id(), f.at(), f.agencyCode(), f.officeCode(), f.officerId(), f.sessionId(), tricky,
        f.serviceCode(), f.dataset(), f.upstream(), tricky, f.outcome(), f.status(), tricky, f.latencyMicros(), f.cache(),
        f.targetHash(), f.targetEnc(), f.targetKey(), tricky);
    LoggedRecord l = logged(r);
    byte[] json = RecordCodec.encode(l);
    String text = new String(json, StandardCharsets.UTF_8);
    assertFalse(text.contains("\n"), "one line per record");
    JsonObject parsed = new JsonObject(text);
    assertEquals(tricky, parsed.getString("deviceId"));
    assertEquals(tricky, parsed.getString("requestRef"));
    assertEquals(tricky, parsed.getString("problem"));
    assertEquals(41, parsed.getLong("seq"));
    assertEquals(200, parsed.getInteger("status"));
    assertSame(l, RecordCodec.decode(Buffer.buffer(json)));
  }
}
