package io.linkgate.cardedge.sim;

import static io.linkgate.cardedge.sim.Apdus.HEX;
import static io.linkgate.cardedge.sim.Apdus.SELECT_ADM;
import static io.linkgate.cardedge.sim.Apdus.SELECT_THAI_ID;
import static io.linkgate.cardedge.sim.Apdus.pin;
import static io.linkgate.cardedge.sim.Apdus.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated card on raw APDUs. */
class SimulatedThaiIdCardTest {

  private static final String CHALLENGE = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

  private final SimulatedCardProfile officer = SimulatedCardProfiles.byName("officer");

  @Test
  void should_reset_the_try_counter_when_a_right_pin_follows_two_wrong_ones() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    send(card, SELECT_THAI_ID);

    assertEquals("63C2", send(card, pin("0000")));
    assertEquals("63C1", send(card, pin("9999")));
    assertEquals("9000", send(card, pin("1234")));
    assertEquals("9000", send(card, "00200081"));
    send(card, SELECT_THAI_ID);
    assertEquals("63C3", send(card, "00200081"));
  }

  @Test
  void should_block_the_pin_when_three_wrong_pins_are_entered() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    send(card, SELECT_THAI_ID);

    assertEquals("63C2", send(card, pin("1111")));
    assertEquals("63C1", send(card, pin("2222")));
    assertEquals("63C0", send(card, pin("3333")));
    assertEquals("6983", send(card, pin("1234")));
    assertEquals("6983", send(card, "00200081"));
    assertEquals(0, card.triesRemaining());
  }

  @Test
  void should_stay_blocked_when_a_new_card_instance_uses_the_same_file_store(@TempDir Path directory) {
    SimulatedThaiIdCard first = new SimulatedThaiIdCard(officer, new FilePinCounterStore(directory),
        SimulatedCards.DEFAULT_ISSUER_KEY);
    send(first, SELECT_THAI_ID);
    for (int i = 0; i < 3; i++) {
      send(first, pin("0000"));
    }

    SimulatedThaiIdCard restarted = new SimulatedThaiIdCard(officer, new FilePinCounterStore(directory),
        SimulatedCards.DEFAULT_ISSUER_KEY);
    send(restarted, SELECT_THAI_ID);

    assertEquals("6983", send(restarted, pin("1234")));
    SimulatedThaiIdCard otherProfile = new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer2"),
        new FilePinCounterStore(directory), SimulatedCards.DEFAULT_ISSUER_KEY);
    send(otherProfile, SELECT_THAI_ID);
    assertEquals("63C3", send(otherProfile, "00200081"));
  }

  @Test
  void should_keep_one_try_used_when_the_card_restarts_after_a_wrong_pin(@TempDir Path directory) {
    SimulatedThaiIdCard first = new SimulatedThaiIdCard(officer, new FilePinCounterStore(directory),
        SimulatedCards.DEFAULT_ISSUER_KEY);
    send(first, SELECT_THAI_ID);
    send(first, pin("0000"));

    SimulatedThaiIdCard restarted = new SimulatedThaiIdCard(officer, new FilePinCounterStore(directory),
        SimulatedCards.DEFAULT_ISSUER_KEY);
    send(restarted, SELECT_THAI_ID);

    assertEquals("63C2", send(restarted, "00200081"));
  }

  @Test
  void should_refuse_internal_authenticate_when_the_pin_is_not_verified() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    send(card, SELECT_THAI_ID);

    assertEquals("6982", send(card, "0088000020" + CHALLENGE + "00"));
  }

  @Test
  void should_answer_the_helper_cryptogram_when_internal_authenticate_follows_verify() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    send(card, SELECT_THAI_ID);
    send(card, pin("1234"));

    assertEquals("6120", send(card, "0088000020" + CHALLENGE));
    String answer = send(card, "00C0000020");

    byte[] expected = SimulatedCards.cryptogram(SimulatedCards.cardKey(SimulatedCards.DEFAULT_ISSUER_KEY,
        officer.citizenId(), officer.chipId()), HEX.parseHex(CHALLENGE));
    assertEquals(HEX.formatHex(expected) + "9000", answer);
  }

  @Test
  void should_forget_the_verified_pin_when_another_applet_is_selected_or_the_card_resets() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    send(card, SELECT_THAI_ID);
    send(card, pin("1234"));
    send(card, SELECT_ADM);
    send(card, SELECT_THAI_ID);
    assertEquals("6982", send(card, "0088000020" + CHALLENGE));

    send(card, pin("1234"));
    card.reset();
    send(card, SELECT_THAI_ID);
    assertEquals("63C3", send(card, "00200081"));
  }

  @Test
  void should_accept_only_get_response_p2_01_when_the_atr_is_3b67() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(SimulatedCardProfiles.byName("oldchip"));
    send(card, SELECT_THAI_ID);

    assertEquals("610D", send(card, "80B0000402000D"));
    assertEquals("6A86", send(card, "00C000000D"));
    assertEquals("610D", send(card, "80B0000402000D"));
    assertEquals("6E00", send(card, "80C000010D"));
    assertEquals("610D", send(card, "80B0000402000D"));
    assertEquals(HEX.formatHex("3101700001128".getBytes()) + "9000", send(card, "00C000010D"));
  }

  @Test
  void should_accept_only_get_response_p2_00_when_the_atr_is_3b79() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    send(card, SELECT_THAI_ID);

    assertEquals("610D", send(card, "80B0000402000D"));
    assertEquals("6A86", send(card, "00C000010D"));
    assertEquals("610D", send(card, "80B0000402000D"));
    assertEquals(HEX.formatHex("1101700001016".getBytes()) + "9000", send(card, "00C000000D"));
  }

  @Test
  void should_hand_out_long_answers_in_parts_when_get_response_asks_for_less() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    send(card, SELECT_THAI_ID);
    send(card, "80B0000402000D");

    assertEquals(HEX.formatHex("11017".getBytes()) + "6108", send(card, "00C0000005"));
    assertEquals(HEX.formatHex("00001016".getBytes()) + "9000", send(card, "00C0000008"));
    assertEquals("6985", send(card, "00C0000008"));
  }

  @Test
  void should_answer_cplc_and_laser_id_when_adm_is_selected() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);
    assertEquals("6986", send(card, "80CA9F7F00"));
    assertEquals("9000", send(card, SELECT_ADM));

    assertEquals("6130", send(card, "80CA9F7F00"));
    String cplc = send(card, "00C0000030");
    assertEquals("9F7F2D", cplc.substring(0, 6));
    assertEquals(officer.chipId().substring(0, 8), cplc.substring(6, 14));
    assertEquals(officer.chipId().substring(8), cplc.substring(6 + 24, 6 + 32));
    assertTrue(cplc.endsWith("9000"));

    assertEquals("6110", send(card, "8000000007"));
    assertEquals(HEX.formatHex(officer.laserId().getBytes()) + "00000000" + "9000", send(card, "00C0000017"));
  }

  @Test
  void should_refuse_unknown_applets_and_instructions() {
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(officer);

    assertEquals("6A82", send(card, "00A4040008A000000054480083"));
    assertEquals("6986", send(card, "80B0000402000D"));
    assertEquals("6D00", send(card, "00B2010C00"));
    assertEquals("6700", send(card, "00A4040008A0"));
  }
}
