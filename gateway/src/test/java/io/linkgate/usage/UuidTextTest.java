package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidTextTest {

  @Test
  void should_write_the_text_uuid_to_string_writes() {
    List<UUID> ids = new ArrayList<>(List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, Long.MAX_VALUE),
        new UUID(0x0123456789abcdefL, 0xfedcba9876543210L), Uuid7.at(System.currentTimeMillis()), UUID.randomUUID()));
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 5000; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    byte[] out = new byte[UuidText.LENGTH + 4];
    for (UUID id : ids) {
      assertEquals(id.toString(), UuidText.ascii(id).toString());
      out[1] = 'x';
      UuidText.write(id, out, 2);
      assertEquals("x" + id + "\0\0", new String(out, 1, UuidText.LENGTH + 3, StandardCharsets.US_ASCII), "written at its offset only");
    }
  }
}
