package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonScanTest {

  static JsonScan.Result scan(String body) {
    return JsonScan.field(Buffer.buffer(body), "Code");
  }

  @Test
  void should_read_a_top_level_field_as_text_whatever_its_json_type() {
    assertEquals("90500", scan("{\"Code\":\"90500\",\"Message\":\"ไม่พบข้อมูล\"}").value());
    assertEquals("90500", scan("{\"Message\":\"x\",\"Code\":90500}").value());
    assertEquals("true", scan("{\"Code\":true}").value());
    assertEquals("[object]", scan("{\"Code\":{\"a\":1}}").value());
    assertEquals("2", scan("{\"Code\":\"1\",\"Code\":\"2\"}").value(), "the last one wins, as in a JsonObject");
  }

  @Test
  void should_read_only_the_answer_when_its_buffer_is_a_window_of_a_larger_one() {
    Buffer around = Buffer.buffer("{\"Code\":\"before\"}{\"Code\":\"90001\"}{\"Code\":\"after\"");
    Buffer answer = around.slice(17, 33);
    assertEquals("{\"Code\":\"90001\"}", answer.toString());
    assertEquals("90001", JsonScan.field(answer, "Code").value());
    assertFalse(JsonScan.field(around.slice(17, 40), "Code").object(), "what lies after the window is not read as part of it");
    assertFalse(JsonScan.field(around.slice(0, 33), "Code").object());
    Buffer direct = io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.directBuffer().writeBytes(answer.getBytes()));
    assertEquals("90001", JsonScan.field(direct, "Code").value(), "a buffer without an array is read from a copy");
  }

  @Test
  void should_find_no_value_when_the_field_is_absent_null_or_only_nested() {
    JsonScan.Result person = scan("{\"firstName\":\"วิชัย\",\"age\":38,\"address\":{\"Code\":\"1\"},\"list\":[{\"Code\":2}]}");
    assertTrue(person.object());
    assertNull(person.value());
    assertNull(scan("{\"Code\":null}").value());
    assertTrue(scan("{}").object());
  }

  @Test
  void should_refuse_anything_but_exactly_one_well_formed_object() {
    for (String bad : new String[] {"", "[]", "[{\"Code\":1}]", "\"text\"", "42", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} {}",
        "{\"a\":1} x", "{a:1}", "<html>busy</html>", "{\"a\":\"\\x\"}"}) {
      assertFalse(scan(bad).object(), "accepted " + bad);
    }
    assertFalse(JsonScan.field(null, "Code").object());
  }

  @Test
  void should_resolve_escapes_in_names_and_values() {
    assertEquals("90500", scan("{\"\\u0043ode\":\"90500\"}").value(), "an escaped name is the same name");
    assertEquals("a\"b\\c/d\be\ff\ng\rh\ti\u0e01j", scan("{\"Code\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u0E01j\"}").value());
    assertEquals("\uD83D\uDE00 ก", scan("{\"Code\":\"\\ud83d\\ude00 ก\"}").value(), "a surrogate pair, then Thai text as it came");
    assertNull(scan("{\"Cod\":\"1\",\"Codes\":\"2\",\"code\":\"3\"}").value(), "only the exact name");
    assertEquals("ค่า", JsonScan.field(Buffer.buffer("{\"รหัส\":\"ค่า\"}"), "รหัส").value(), "a name outside ASCII");
    assertEquals("-0.5E+3", scan("{\"Code\":-0.5E+3}").value(), "a number as written");
    assertEquals("90500", scan("\uFEFF {\"Code\":\"90500\"} \r\n\t").value(), "a byte order mark and whitespace around");
  }

  @Test
  void should_refuse_strings_that_are_not_well_formed_utf8() {
    int[][] bad = {{0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
        {0xF0, 0x80, 0x80, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0xE0, 0xB8}, {0xC3}};
    for (int[] seq : bad) {
      assertFalse(JsonScan.field(withString(seq), null).object(), () -> "accepted " + java.util.Arrays.toString(seq));
    }
    int[][] good = {{0xC2, 0x80}, {0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xE0, 0xB8, 0x81}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80},
        {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}};
    for (int[] seq : good) {
      assertTrue(JsonScan.field(withString(seq), null).object(), () -> "refused " + java.util.Arrays.toString(seq));
    }
    // random bytes in a string: accepted exactly when a strict UTF-8 decoder accepts them
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      int[] seq = new int[1 + random.nextInt(6)];
      for (int k = 0; k < seq.length; k++) {
        seq[k] = random.nextInt(4) == 0 ? 'a' + random.nextInt(26) : 0x80 + random.nextInt(0x80);
      }
      boolean utf8 = strictUtf8(seq);
      assertEquals(utf8, JsonScan.field(withString(seq), null).object(), () -> java.util.Arrays.toString(seq));
    }
  }

  @Test
  void should_accept_nesting_as_deep_as_jackson_does_and_refuse_deeper_without_failing() {
    assertTrue(JsonScan.field(Buffer.buffer(nested(JsonScan.MAX_DEPTH - 1)), "a").object());
    assertTrue(reference(nested(JsonScan.MAX_DEPTH - 1).getBytes(StandardCharsets.UTF_8)).object());
    assertFalse(JsonScan.field(Buffer.buffer(nested(JsonScan.MAX_DEPTH)), "a").object());
    assertFalse(reference(nested(JsonScan.MAX_DEPTH).getBytes(StandardCharsets.UTF_8)).object());
    assertFalse(JsonScan.field(Buffer.buffer(nested(200_000)), "a").object(), "no stack overflow on a hostile answer");
  }

  /**
   * Agrees with Jackson's streaming parser (the scan it replaced) on well-formed answers and on every kind of
   * damage: a seeded generator of documents (nesting, Thai and escaped strings, numbers of every shape, literals)
   * and single-byte changes made with JSON's own characters.
   */
  @Test
  void should_agree_with_jackson_on_generated_and_damaged_documents() {
    Random random = new Random(20261206);
    String damage = "{}[]\",:\\ \t\n0123456789-+.eEtrufalsn/ux\u0001\u001f";
    int accepted = 0;
    for (int n = 0; n < 40_000; n++) {
      StringBuilder doc = new StringBuilder();
      object(doc, random, 0);
      byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
      int changes = n % 4 == 0 ? 0 : 1 + random.nextInt(2);
      for (int c = 0; c < changes; c++) {
        bytes = damage(bytes, random, damage);
      }
      byte[] input = bytes;
      JsonScan.Result expected = reference(input);
      JsonScan.Result actual = JsonScan.field(Buffer.buffer(input), "Code");
      assertEquals(expected, actual, () -> new String(input, StandardCharsets.UTF_8));
      accepted += actual.object() ? 1 : 0;
    }
    assertTrue(accepted > 10_000 && accepted < 35_000, "both kinds were exercised: " + accepted + " accepted");
  }

  private static Buffer withString(int[] seq) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"a\":\"".getBytes(StandardCharsets.US_ASCII));
    for (int v : seq) {
      out.write(v);
    }
    out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
    return Buffer.buffer(out.toByteArray());
  }

  private static boolean strictUtf8(int[] seq) {
    byte[] bytes = new byte[seq.length];
    for (int k = 0; k < seq.length; k++) {
      bytes[k] = (byte) seq[k];
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** An object whose field "a" holds {@code depth} nested arrays: depth + 1 levels in all. */
  private static String nested(int depth) {
    return "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  private static byte[] damage(byte[] bytes, Random random, String alphabet) {
    int at = random.nextInt(bytes.length + 1);
    byte ch = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(3)) {
      case 0 -> { // insert
        out.write(bytes, 0, at);
        out.write(ch);
        out.write(bytes, at, bytes.length - at);
      }
      case 1 -> { // delete
        out.write(bytes, 0, at);
        if (at < bytes.length) {
          out.write(bytes, at + 1, bytes.length - at - 1);
        }
      }
      default -> { // replace
        out.write(bytes, 0, at);
        out.write(ch);
        if (at < bytes.length) {
          out.write(bytes, at + 1, bytes.length - at - 1);
        }
      }
    }
    return out.toByteArray();
  }

  private static void object(StringBuilder out, Random random, int depth) {
    out.append('{').append(space(random));
    int fields = random.nextInt(depth == 0 ? 6 : 4);
    for (int f = 0; f < fields; f++) {
      if (f > 0) {
        out.append(',').append(space(random));
      }
      String name = random.nextInt(3) == 0 ? "Code" : random.nextInt(8) == 0 ? "\\u0043ode" : word(random);
      out.append('"').append(name).append('"').append(space(random)).append(':').append(space(random));
      value(out, random, depth + 1);
      out.append(space(random));
    }
    out.append('}');
  }

  private static void value(StringBuilder out, Random random, int depth) {
    switch (random.nextInt(depth > 3 ? 5 : 7)) {
      case 0 -> out.append('"').append(word(random)).append('"');
      case 1 -> out.append(number(random));
      case 2 -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
      case 3 -> out.append("\"ชื่อ \\\"ไทย\\\" \\u0E01\\n\\t\\/\\\\\"");
      case 4 -> out.append('"').append(random.nextInt(100_000)).append('"');
      case 5 -> object(out, random, depth);
      default -> {
        out.append('[').append(space(random));
        int items = random.nextInt(4);
        for (int k = 0; k < items; k++) {
          if (k > 0) {
            out.append(',').append(space(random));
          }
          value(out, random, depth + 1);
        }
        out.append(space(random)).append(']');
      }
    }
  }

  private static String number(Random random) {
    StringBuilder n = new StringBuilder();
    if (random.nextBoolean()) {
      n.append('-');
    }
    n.append(random.nextInt(4) == 0 ? "0" : String.valueOf(1 + random.nextInt(1_000_000)));
    if (random.nextInt(3) == 0) {
      n.append('.').append(random.nextInt(1000));
    }
    if (random.nextInt(4) == 0) {
      n.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "+" : random.nextBoolean() ? "-" : "").append(random.nextInt(40));
    }
    return n.toString();
  }

  private static String word(Random random) {
    String[] words = {"firstName", "ชื่อ", "houseNo", "Message", "ไม่พบข้อมูล", "x", "", "a b", "Result"};
    return words[random.nextInt(words.length)];
  }

  private static String space(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> " ";
      case 1 -> "\n  ";
      case 2 -> "\t";
      default -> "";
    };
  }

  private static final JsonFactory JACKSON = new JsonFactory();

  /** The scan as Jackson's streaming parser does it: one object, the top-level field's text, the last one winning. */
  static JsonScan.Result reference(byte[] bytes) {
    try (JsonParser p = JACKSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new JsonScan.Result(false, null);
      }
      String value = null;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        if (t != JsonToken.FIELD_NAME) {
          return new JsonScan.Result(false, null);
        }
        boolean wanted = "Code".equals(p.currentName());
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
          if (wanted) {
            value = v == JsonToken.START_OBJECT ? "[object]" : "[array]";
          }
        } else if (wanted) {
          value = v == JsonToken.VALUE_NULL ? null : p.getText();
        }
      }
      return p.nextToken() == null ? new JsonScan.Result(true, value) : new JsonScan.Result(false, null);
    } catch (IOException e) {
      return new JsonScan.Result(false, null);
    }
  }
}
