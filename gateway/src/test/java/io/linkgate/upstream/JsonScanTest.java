package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
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
}
