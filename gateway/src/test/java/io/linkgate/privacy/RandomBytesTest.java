package io.linkgate.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RandomBytesTest {

  @Test
  void should_never_hand_out_the_same_bytes_twice_across_refills() {
    Set<String> seen = new HashSet<>();
    byte[] nonce = new byte[12];
    for (int i = 0; i < 5_000; i++) { // 60 KB: dozens of refills of the per-thread buffer
      RandomBytes.fill(nonce);
      assertTrue(seen.add(HexFormat.of().formatHex(nonce)), "a nonce came out twice");
    }
    Set<Long> longs = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      assertTrue(longs.add(RandomBytes.nextLong()), "a long came out twice");
    }
  }

  @Test
  void should_give_each_thread_bytes_of_its_own() throws Exception {
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 2_000; i++) {
          seen.add(RandomBytes.nextLong());
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(8_000, seen.size());
  }

  @Test
  void should_fill_requests_larger_than_its_buffer() {
    byte[] big = new byte[4096];
    RandomBytes.fill(big);
    int zeros = 0;
    for (byte b : big) {
      zeros += b == 0 ? 1 : 0;
    }
    assertTrue(zeros < 64, "4 KB of random bytes hold about 16 zeros, not " + zeros);
  }

  @Test
  void should_fill_only_the_first_n_bytes() {
    for (int n : new int[] {0, 12, 1000, 3000}) {
      byte[] out = new byte[n + 40];
      java.util.Arrays.fill(out, (byte) 7);
      RandomBytes.fill(out, n);
      for (int i = n; i < out.length; i++) {
        assertEquals(7, out[i], "byte " + i + " of a fill of " + n);
      }
      int sevens = 0;
      for (int i = 0; i < n; i++) {
        sevens += out[i] == 7 ? 1 : 0;
      }
      assertTrue(sevens <= 1 + n / 64, n + " random bytes hold few 7s, not " + sevens);
    }
    org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> RandomBytes.fill(new byte[4], 5));
  }
}
