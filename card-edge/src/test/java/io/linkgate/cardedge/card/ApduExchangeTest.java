package io.linkgate.cardedge.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import javax.smartcardio.CardException;
import org.junit.jupiter.api.Test;

/** 61xx/6Cxx handling on recorded card answers. */
class ApduExchangeTest {

  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final String NEW_CHIP_ATR = "3B 79 18 00 00 54 48 2D 49 44 20 53 4D 43";
  private static final String OLD_CHIP_ATR = "3B 67 00 00 29 20 00 6F 78 90 00";

  @Test
  void should_send_get_response_with_p2_00_when_atr_is_3b79() throws Exception {
    ScriptedCard card = new ScriptedCard(NEW_CHIP_ATR)
        .expect("80 B0 00 04 02 00 0D", "61 0D")
        .expect("00 C0 00 00 0D", "31 31 30 31 37 30 30 30 30 31 30 31 36 90 00");

    CardResponse response = exchange(card).exchange(ThaiIdCommands.read(0x0004, 0x0D));

    assertEquals("1101700001016", new String(response.data(), "US-ASCII"));
    assertEquals(0x9000, response.sw());
    card.assertFinished();
  }

  @Test
  void should_send_get_response_with_p2_01_when_atr_is_3b67() throws Exception {
    ScriptedCard card = new ScriptedCard(OLD_CHIP_ATR)
        .expect("80 B0 00 E1 02 00 01", "61 01")
        .expect("00 C0 00 01 01", "32 90 00");

    CardResponse response = exchange(card).exchange(ThaiIdCommands.read(0x00E1, 0x01));

    assertArrayEquals(new byte[] {0x32}, response.data());
    assertEquals(GetResponseVariant.P2_01, GetResponseVariant.forAtr(card.getATR().getBytes()));
    card.assertFinished();
  }

  @Test
  void should_pick_p2_00_when_atr_is_3b68_3b78_or_unknown() {
    for (String atr : new String[] {"3B68000000730084", "3B780000", "3BFF9600", "3F"}) {
      assertEquals(GetResponseVariant.P2_00, GetResponseVariant.forAtr(HEX.parseHex(atr)), atr);
    }
  }

  @Test
  void should_concatenate_a_61xx_chain_when_the_card_answers_in_parts() throws Exception {
    ScriptedCard card = new ScriptedCard(NEW_CHIP_ATR)
        .expect("80 B0 00 11 02 00 08", "61 08")
        .expect("00 C0 00 00 08", "B9 D2 C2 23 BB 61 03")
        .expect("00 C0 00 00 03", "C3 D0 E0 90 00");

    CardResponse response = exchange(card).exchange(ThaiIdCommands.read(0x0011, 0x08));

    assertEquals("B9D2C223BBC3D0E0", HEX.formatHex(response.data()));
    assertEquals(0x9000, response.sw());
    card.assertFinished();
  }

  @Test
  void should_resend_get_response_with_the_card_length_when_the_card_answers_6cxx() throws Exception {
    ScriptedCard card = new ScriptedCard(NEW_CHIP_ATR)
        .expect("80 00 00 00 07", "61 17")
        .expect("00 C0 00 00 17", "6C 10")
        .expect("00 C0 00 00 10", "4A 54 31 32 33 34 35 36 37 38 39 30 00 00 00 00 90 00");

    CardResponse response = exchange(card).exchange(ThaiIdCommands.laserId());

    assertEquals("JT1234567890", LaserId.decode(response.data()));
    card.assertFinished();
  }

  @Test
  void should_take_the_data_as_is_when_the_provider_already_answered_61xx() throws Exception {
    ScriptedCard card = new ScriptedCard(OLD_CHIP_ATR)
        .expect("80 B0 00 D9 02 00 08", "32 35 32 33 30 30 30 30 90 00");

    CardResponse response = exchange(card).exchange(ThaiIdCommands.read(0x00D9, 0x08));

    assertEquals("25230000", new String(response.data(), "US-ASCII"));
    card.assertFinished();
  }

  @Test
  void should_return_the_status_when_the_card_refuses_a_command() throws Exception {
    ScriptedCard card = new ScriptedCard(NEW_CHIP_ATR).expect("00 A4 04 00 08 A0 00 00 00 54 48 00 01", "6A 82");

    CardResponse response = exchange(card).exchange(ThaiIdCommands.select(ThaiIdCommands.THAI_ID_AID));

    assertEquals(0x6A82, response.sw());
    assertEquals(0, response.data().length);
  }

  @Test
  void should_fail_when_the_card_answers_without_a_status_word() {
    ScriptedCard card = new ScriptedCard(NEW_CHIP_ATR).expect("80 CA 9F 7F 00", "90");

    assertThrows(CardException.class, () -> exchange(card).exchange(ThaiIdCommands.getCplc()));
  }

  @Test
  void should_fail_when_the_card_answers_61xx_endlessly() {
    ApduExchange exchange = new ApduExchange(command -> new byte[] {0x61, 0x01}, GetResponseVariant.P2_00);

    assertThrows(CardException.class, () -> exchange.exchange(ThaiIdCommands.getCplc()));
  }

  private static ApduExchange exchange(ScriptedCard card) {
    return new ApduExchange(new ChannelTransport(card.getBasicChannel()),
        GetResponseVariant.forAtr(card.getATR().getBytes()));
  }
}
