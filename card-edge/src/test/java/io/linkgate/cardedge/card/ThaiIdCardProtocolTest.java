package io.linkgate.cardedge.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import javax.smartcardio.CardException;
import org.junit.jupiter.api.Test;

/** ThaiIdCard's PIN, INTERNAL AUTHENTICATE and error handling, on recorded conversations. */
class ThaiIdCardProtocolTest {

  private static final String ATR = "3B 79 18 00 00 54 48 2D 49 44 20 53 4D 43";
  private static final String SELECT_THAI_ID = "00 A4 04 00 08 A0 00 00 00 54 48 00 01";
  private static final String VERIFY_1234 = "00 20 00 81 04 31 32 33 34";

  @Test
  void should_send_verify_and_wipe_the_pin_buffer_when_verifying() throws Exception {
    ScriptedCard card = new ScriptedCard(ATR).expect(SELECT_THAI_ID, "90 00").expect(VERIFY_1234, "90 00");

    PinResult result = ThaiIdCard.of(card).verifyPin(new char[] {'1', '2', '3', '4'});

    assertEquals(new PinResult.Verified(), result);
    card.assertFinished();
    byte[] verifyBuffer = card.commandBuffers().get(1);
    assertEquals(9, verifyBuffer.length);
    assertArrayEquals(new byte[9], verifyBuffer, "the VERIFY command must be wiped after transmit");
  }

  @Test
  void should_report_tries_left_or_blocked_when_the_card_rejects_the_pin() throws Exception {
    ScriptedCard card = new ScriptedCard(ATR)
        .expect(SELECT_THAI_ID, "90 00")
        .expect("00 20 00 81 04 30 30 30 30", "63 C2")
        .expect("00 20 00 81 04 30 30 30 30", "63 C1")
        .expect("00 20 00 81 04 30 30 30 30", "63 C0")
        .expect(VERIFY_1234, "69 83");
    ThaiIdCard thaiIdCard = ThaiIdCard.of(card);

    assertEquals(new PinResult.Wrong(2), thaiIdCard.verifyPin("0000".toCharArray()));
    assertEquals(new PinResult.Wrong(1), thaiIdCard.verifyPin("0000".toCharArray()));
    assertEquals(new PinResult.Wrong(0), thaiIdCard.verifyPin("0000".toCharArray()), "wrong, and the card blocked by it");
    assertEquals(new PinResult.Blocked(), thaiIdCard.verifyPin("1234".toCharArray()));
    card.assertFinished();
  }

  @Test
  void should_ask_the_card_for_the_tries_left_when_it_refuses_a_pin_without_a_count() throws Exception {
    ScriptedCard card = new ScriptedCard(ATR)
        .expect(SELECT_THAI_ID, "90 00")
        .expect("00 20 00 81 04 30 30 30 30", "63 00")
        .expect("00 20 00 81", "63 C1")
        .expect("00 20 00 81 04 30 30 30 30", "63 00")
        .expect("00 20 00 81", "69 83");
    ThaiIdCard thaiIdCard = ThaiIdCard.of(card);

    assertEquals(new PinResult.Wrong(1), thaiIdCard.verifyPin("0000".toCharArray()), "a wrong PIN, not a communication failure");
    assertEquals(new PinResult.Wrong(0), thaiIdCard.verifyPin("0000".toCharArray()));
    card.assertFinished();
  }

  @Test
  void should_report_blocked_when_the_card_answers_6984_reference_data_not_usable() throws Exception {
    ScriptedCard card = new ScriptedCard(ATR)
        .expect(SELECT_THAI_ID, "90 00")
        .expect("00 20 00 81", "69 84")
        .expect(VERIFY_1234, "69 84");
    ThaiIdCard thaiIdCard = ThaiIdCard.of(card);

    assertEquals(0, thaiIdCard.pinTriesRemaining());
    assertEquals(new PinResult.Blocked(), thaiIdCard.verifyPin("1234".toCharArray()));
    card.assertFinished();
  }

  @Test
  void should_refuse_a_pin_that_is_not_four_digits_without_using_a_try() {
    ScriptedCard card = new ScriptedCard(ATR);
    ThaiIdCard thaiIdCard = ThaiIdCard.of(card);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> thaiIdCard.verifyPin("12a4".toCharArray()));
    assertFalse(e.getMessage().contains("12a4"));
    assertThrows(IllegalArgumentException.class, () -> thaiIdCard.verifyPin("12345".toCharArray()));
    card.assertFinished();
  }

  @Test
  void should_read_tries_remaining_when_verify_has_no_data() throws Exception {
    ScriptedCard card = new ScriptedCard(ATR)
        .expect(SELECT_THAI_ID, "90 00")
        .expect("00 20 00 81", "63 C2")
        .expect("00 20 00 81", "90 00")
        .expect("00 20 00 81", "69 83");
    ThaiIdCard thaiIdCard = ThaiIdCard.of(card);

    assertEquals(2, thaiIdCard.pinTriesRemaining());
    assertEquals(3, thaiIdCard.pinTriesRemaining());
    assertEquals(0, thaiIdCard.pinTriesRemaining());
    card.assertFinished();
  }

  @Test
  void should_return_the_cryptogram_when_internal_authenticate_answers_61_20() throws Exception {
    String challenge = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F";
    String cryptogram = "A27679D40E83DB20803E5744A1ADED5C71071E44C122E466C132A3ACB8727409";
    ScriptedCard card = new ScriptedCard(ATR)
        .expect(SELECT_THAI_ID, "90 00")
        .expect("00 88 00 00 20 " + challenge + " 00", "61 20")
        .expect("00 C0 00 00 20", cryptogram + "9000");

    byte[] answer = ThaiIdCard.of(card).authenticate(HexFormat.of().parseHex(challenge.replace(" ", "")));

    assertArrayEquals(HexFormat.of().parseHex(cryptogram), answer);
    card.assertFinished();
  }

  @Test
  void should_require_the_pin_when_internal_authenticate_answers_6982() {
    ScriptedCard card = new ScriptedCard(ATR)
        .expect(SELECT_THAI_ID, "90 00")
        .expect("00 88 00 00 20 " + "00".repeat(32) + " 00", "69 82");

    CardAccessException e = assertThrows(CardAccessException.class,
        () -> ThaiIdCard.of(card).authenticate(new byte[32]));

    assertEquals(CardAccessException.Reason.PIN_REQUIRED, e.reason());
  }

  @Test
  void should_say_not_a_thai_id_card_when_the_applet_is_missing() {
    ScriptedCard card = new ScriptedCard("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A")
        .expect(SELECT_THAI_ID, "6A 82");

    CardAccessException e = assertThrows(CardAccessException.class, () -> ThaiIdCard.of(card).read());

    assertEquals(CardAccessException.Reason.NOT_A_THAI_ID_CARD, e.reason());
    card.assertFinished();
  }

  @Test
  void should_report_card_removed_when_pcsc_says_the_card_is_gone() {
    ScriptedCard card = new ScriptedCard(ATR)
        .expect(SELECT_THAI_ID, "90 00")
        .expectFailure("80 B0 00 00 02 00 04",
            new CardException("transmit() failed", new CardException("SCARD_W_REMOVED_CARD")));

    CardAccessException e = assertThrows(CardAccessException.class, () -> ThaiIdCard.of(card).read());

    assertEquals(CardAccessException.Reason.CARD_REMOVED, e.reason());
    card.assertFinished();
  }

  @Test
  void should_report_communication_when_pcsc_fails_otherwise() {
    ScriptedCard card = new ScriptedCard(ATR)
        .expectFailure(SELECT_THAI_ID, new CardException("transmit() failed", new CardException("SCARD_F_COMM_ERROR")));

    CardAccessException e = assertThrows(CardAccessException.class, () -> ThaiIdCard.of(card).pinTriesRemaining());

    assertEquals(CardAccessException.Reason.COMMUNICATION, e.reason());
  }

  @Test
  void should_reset_the_card_when_closing() {
    ScriptedCard card = new ScriptedCard(ATR);

    ThaiIdCard.of(card).close();

    assertTrue(card.disconnectedWithReset());
  }
}
