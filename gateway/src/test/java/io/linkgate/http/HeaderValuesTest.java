package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.util.AsciiString;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {

  @Test
  void should_write_numbers_as_long_to_string_does() {
    long[] values = {0, 1, 9, 10, 99, 100, 86_400, 2_469_600, Integer.MAX_VALUE - 1L, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 999_999_999, 1_000_000_000, Long.MAX_VALUE, -1, -10, Long.MIN_VALUE};
    for (long v : values) {
      assertEquals(Long.toString(v), HeaderValues.build().number(v).build().toString());
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      long v = random.nextLong() >>> random.nextInt(64);
      assertEquals("q=" + v + ";", HeaderValues.build().text("q=").number(v).text(";").build().toString());
    }
  }

  @Test
  void should_keep_each_built_value_apart_from_the_next_one_and_grow_past_its_buffer() {
    AsciiString first = HeaderValues.build().text("\"session\";r=").number(2).build();
    StringBuilder expected = new StringBuilder();
    HeaderValues.Builder b = HeaderValues.build();
    for (int i = 0; i < 200; i++) {
      b.text("\"x\";q=").number(i).text(", ");
      expected.append("\"x\";q=").append(i).append(", ");
    }
    assertEquals(expected.toString(), b.build().toString());
    assertEquals("\"session\";r=2", first.toString(), "an earlier value is not overwritten by the buffer's reuse");
    assertEquals(AsciiString.of("\"session\";r=2"), first);
  }

  @Test
  void should_refuse_text_that_is_not_printable_ascii() {
    assertThrows(IllegalArgumentException.class, () -> HeaderValues.build().text("ก"));
    assertThrows(IllegalArgumentException.class, () -> HeaderValues.build().text("\u007f"));
    assertThrows(IllegalArgumentException.class, () -> HeaderValues.build().text("a\r\nSet-Cookie: x"));
  }
}
