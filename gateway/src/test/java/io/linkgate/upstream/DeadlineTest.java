package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  /**
   * A call given the time left ends at the deadline, not before it: with the time left rounded down, a call cut by
   * the deadline timed out up to a millisecond early, and a retry started in that sliver (seen in CI: two retries
   * where the time left allowed one).
   */
  @Test
  void should_give_a_call_cut_by_the_deadline_until_the_deadline_itself() {
    for (int i = 0; i < 1_000; i++) {
      long start = System.nanoTime();
      Deadline deadline = Deadline.after(start, Duration.ofNanos(10_500_000));
      long limit = deadline.limitMillis(Duration.ofSeconds(5));
      long after = System.nanoTime(); // the call's timer starts no earlier than this
      assertTrue(after + limit * 1_000_000 >= start + 10_500_000, "the call ends before the deadline: " + limit + " ms");
      assertTrue(limit <= 11, limit + " ms");
    }
  }

  @Test
  void should_give_a_call_its_own_limit_when_less_and_nothing_once_passed() {
    assertEquals(1_000, Deadline.after(System.nanoTime(), Duration.ofSeconds(30)).limitMillis(Duration.ofSeconds(1)));
    Deadline passed = Deadline.after(System.nanoTime() - 2_000_000, Duration.ofMillis(1));
    assertEquals(0, passed.limitMillis(Duration.ofSeconds(1)));
    assertFalse(passed.leaves(0));
    assertEquals(5_000, Deadline.NONE.limitMillis(Duration.ofSeconds(5)));
    assertTrue(Deadline.NONE.leaves(Long.MAX_VALUE / 2_000_000));
  }
}
