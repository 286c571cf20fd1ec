package io.linkgate.cardedge.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedCardProfilesTest {

  @Test
  void should_list_the_demo_officers_and_test_cards() {
    assertEquals(List.of("officer", "officer2", "supervisor", "head", "service-supervisor", "admin", "superadmin",
        "auditor", "stranger", "expired", "lifetime", "oldchip"), SimulatedCardProfiles.names());
  }

  @Test
  void should_give_every_card_a_valid_citizen_id_and_distinct_chip_and_laser_ids() {
    Set<String> chips = new HashSet<>();
    Set<String> lasers = new HashSet<>();
    for (String name : SimulatedCardProfiles.names()) {
      SimulatedCardProfile profile = SimulatedCardProfiles.byName(name);
      assertTrue(validCitizenId(profile.citizenId()), name + " has an invalid citizen ID checksum");
      assertTrue(chips.add(profile.chipId()), name + " chip id");
      assertTrue(lasers.add(profile.laserId()), name + " laser id");
      assertEquals("1234", profile.pin());
    }
  }

  @Test
  void should_build_the_same_card_when_asked_twice() {
    SimulatedCardProfile first = SimulatedCardProfiles.byName("supervisor");
    SimulatedCardProfile second = SimulatedCardProfiles.byName("supervisor");

    assertEquals(first, second);
    assertArrayEquals(first.photo(), second.photo());
  }

  @Test
  void should_mark_test_cards_as_their_names_say() {
    assertEquals("25670101", SimulatedCardProfiles.byName("expired").expiryRaw());
    assertTrue(SimulatedCardProfiles.byName("lifetime").lifetime());
    assertEquals(0x67, SimulatedCardProfiles.byName("oldchip").atr()[1]);
    assertEquals(0x79, SimulatedCardProfiles.byName("stranger").atr()[1]);
  }

  @Test
  void should_name_the_known_profiles_when_asked_for_an_unknown_one() {
    NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> SimulatedCardProfiles.byName("nobody"));

    assertTrue(e.getMessage().contains("officer2"));
  }

  @Test
  void should_not_show_card_data_or_pin_when_printed() {
    assertEquals("SimulatedCardProfile[officer]", SimulatedCardProfiles.byName("officer").toString());
  }

  @Test
  void should_refuse_a_profile_with_an_invalid_field() {
    SimulatedCardProfile.Builder builder = SimulatedCardProfiles.byName("officer").toBuilder().pin("12345");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("pin"));
  }

  private static boolean validCitizenId(String id) {
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (id.charAt(i) - '0') * (13 - i);
    }
    return (11 - sum % 11) % 10 == id.charAt(12) - '0';
  }
}
