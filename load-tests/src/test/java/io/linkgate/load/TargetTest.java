package io.linkgate.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulations' properties: nonsense and mistyped keys stop a run instead of running with a default. */
class TargetTest {

  @AfterEach
  void clear() {
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("targettest.")).forEach(System::clearProperty);
  }

  @Test
  void should_read_the_value_or_the_default_when_given_or_not() {
    System.setProperty("targettest.a.officers", " 12 ");
    assertEquals(12, Target.integer("targettest.a.officers", 40, 1));
    assertEquals(40, Target.integer("targettest.a.missing", 40, 1));
    System.setProperty("targettest.a.ratio", "0.25");
    assertEquals(0.25, Target.decimal("targettest.a.ratio", 0.8, 0.0, 1.0));
  }

  @Test
  void should_refuse_a_value_naming_its_key_when_not_a_number_or_out_of_range() {
    System.setProperty("targettest.b.officers", "many");
    System.setProperty("targettest.b.rps", "0");
    System.setProperty("targettest.b.ms", "-5");
    System.setProperty("targettest.b.ratio", "80");
    System.setProperty("targettest.b.nan", "NaN");
    assertEquals("-Dtargettest.b.officers=many: expected a whole number",
        assertThrows(IllegalArgumentException.class, () -> Target.integer("targettest.b.officers", 40, 1)).getMessage());
    assertEquals("-Dtargettest.b.rps=0: expected at least 1",
        assertThrows(IllegalArgumentException.class, () -> Target.integer("targettest.b.rps", 50, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Target.millis("targettest.b.ms", 500));
    assertEquals("-Dtargettest.b.ratio=80: expected from 0.0 to 1.0",
        assertThrows(IllegalArgumentException.class, () -> Target.decimal("targettest.b.ratio", 0.8, 0.0, 1.0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Target.decimal("targettest.b.nan", 0.8, 0.0, 1.0));
    System.setProperty("targettest.b.empty", "");
    assertEquals("-Dtargettest.b.empty=: expected a value (leave the property out for its default)",
        assertThrows(IllegalArgumentException.class, () -> Target.integer("targettest.b.empty", 40, 1)).getMessage());
  }

  @Test
  void should_refuse_a_think_time_maximum_below_its_minimum_and_pause_fixed_when_equal() {
    System.setProperty("targettest.c.thinkMaxMs", "100");
    assertThrows(IllegalArgumentException.class,
        () -> Target.millisAtLeast("targettest.c.thinkMaxMs", 2000, Duration.ofMillis(2000)));
    System.setProperty("targettest.c.thinkMaxMs", "2000");
    // Gatling's uniform pause needs its upper bound above the lower one
    assertEquals(Duration.ofMillis(2001), Target.millisAtLeast("targettest.c.thinkMaxMs", 6000, Duration.ofMillis(2000)));
    System.setProperty("targettest.c.thinkMaxMs", "3000");
    assertEquals(Duration.ofMillis(3000), Target.millisAtLeast("targettest.c.thinkMaxMs", 6000, Duration.ofMillis(2000)));
  }

  @Test
  void should_refuse_a_property_of_the_prefix_when_the_simulation_does_not_read_it() {
    System.setProperty("targettest.d.hitRatio", "0.5");
    Target.decimal("targettest.d.hitRatio", 0.8, 0.0, 1.0);
    Target.rejectUnknown("targettest.d.");
    System.setProperty("targettest.d.hitratio", "0.5");
    String message = assertThrows(IllegalArgumentException.class, () -> Target.rejectUnknown("targettest.d.")).getMessage();
    assertTrue(message.startsWith("unknown property [targettest.d.hitratio]; known: [targettest.d.hitRatio]"), message);
  }
}
