package io.linkgate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.cardedge.sim.SimulatedCardProfile;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.citizen.CitizenId;
import org.junit.jupiter.api.Test;

/** The demo registry and card-edge's simulated cards describe the same officers. */
class DemoProfilesTest {

  @Test
  void should_match_every_demo_officer_with_a_simulated_card_of_the_same_person() {
    for (DemoData.Officer officer : DemoData.OFFICERS) {
      SimulatedCardProfile card = SimulatedCardProfiles.byName(officer.profile());
      assertEquals(officer.citizenId(), card.citizenId(), officer.profile());
      String[] th = card.thaiName().split("#", -1);
      assertEquals(officer.nameTh(), th[0] + th[1] + (th[2].isEmpty() ? "" : " " + th[2]) + " " + th[3], officer.profile());
      String[] en = card.englishName().split("#", -1);
      assertEquals(officer.nameEn(), en[0] + " " + en[1] + " " + en[3], officer.profile());
      assertEquals(DemoData.PIN, card.pin());
      assertEquals(null, CitizenId.problem(card.citizenId()));
    }
  }
}
