package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The chain hash is stored with every record and re-computed by {@code usage verify} months later: its
 * bytes must never change. The expected values below were computed by the first implementation.
 */
class ChainTest {

  static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  static SealedRecord full() {
    return new SealedRecord(UUID.fromString("01a2028e-595d-7307-b70d-750e723cbd63"), Instant.parse("2026-11-22T09:20:10.123456Z"),
        "DEMO", "00023", UUID.fromString("7f1c6d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"), UUID.fromString("11111111-2222-4333-8444-555555555555"),
        "demo-workstation", "NC-CIVILREG", "linkage.person", "linkage/001/01", "CASE-1/ก.พ.#7", "SERVED", 200, null, 1234, "HIT",
        new byte[] {1, 2, 3, 4}, new byte[] {9, 8, 7}, "k1", "c0ffee00c0ffee00");
  }

  static SealedRecord sparse() {
    return new SealedRecord(UUID.fromString("01a2028e-595d-7307-b70d-750e723cbd64"), Instant.parse("2026-01-01T00:00:00Z"),
        null, null, null, null, null, null, null, null, null, "REFUSED", 401, "session-required", 0, null, null, null, null, null);
  }

  @Test
  void should_hash_records_exactly_as_the_first_implementation_did() {
    Chain chain = new Chain(KEY);
    byte[] first = chain.hash(full(), "instance-a", 1, Chain.GENESIS);
    assertEquals("b494188ac283d941d2377201c17406b7cd9d5e0872bf6e9be450e197c7b4d00a", HexFormat.of().formatHex(first));
    assertEquals("195c87dcae33a4e32d0516fcd3f81a1e5efef0f741ffab3fcb674c9e397e5a11", HexFormat.of().formatHex(chain.hash(sparse(), "instance-a", 2, first)));
  }

  @Test
  void should_give_a_different_hash_for_any_changed_field_or_link() {
    Chain chain = new Chain(KEY);
    byte[] base = chain.hash(full(), "instance-a", 1, Chain.GENESIS);
    assertNotEquals(HexFormat.of().formatHex(base), HexFormat.of().formatHex(chain.hash(full(), "instance-a", 2, Chain.GENESIS)));
    assertNotEquals(HexFormat.of().formatHex(base), HexFormat.of().formatHex(chain.hash(full(), "instance-b", 1, Chain.GENESIS)));
    byte[] otherPrev = new byte[32];
    otherPrev[31] = 1;
    assertNotEquals(HexFormat.of().formatHex(base), HexFormat.of().formatHex(chain.hash(full(), "instance-a", 1, otherPrev)));
  }
}
