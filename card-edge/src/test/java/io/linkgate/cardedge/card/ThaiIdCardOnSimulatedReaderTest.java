package io.linkgate.cardedge.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.sim.SimulatedCardProfile;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedCards;
import io.linkgate.cardedge.sim.SimulatedReader;
import io.linkgate.cardedge.sim.SimulatedTerminals;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ThaiIdCard through the standard javax.smartcardio API on the simulated provider. */
class ThaiIdCardOnSimulatedReaderTest {

  private static final String READER = "LinkGate Simulated Reader 0";

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      officer            | 1101700001016 | นางสาว#กมลชนก##ศรีสุข       | Miss#Kamonchanok##Srisuk   | 2
      officer2           | 1101700001024 | นาย#ธีรวัฒน์##ทองดี          | Mr.#Teerawat##Thongdee     | 1
      supervisor         | 1101700001032 | นาง#พรทิพย์##วงศ์สวัสดิ์      | Mrs.#Pornthip##Wongsawat   | 2
      head               | 1101700001041 | นาย#ประเสริฐ##ศักดิ์สิทธิ์    | Mr.#Prasert##Saksit        | 1
      service-supervisor | 1101700001059 | นางสาว#ศิริพร##ชัยมงคล      | Miss#Siriporn##Chaimongkol | 2
      admin              | 1101700001067 | นาย#อนุชา##แก้วมณี          | Mr.#Anucha##Kaewmanee      | 1
      superadmin         | 1101700001075 | นาย#วิชัย##รุ่งเรือง          | Mr.#Wichai##Rungruang      | 1
      auditor            | 1101700001083 | นางสาว#ณัฐธิดา##มีสุข        | Miss#Nattida##Meesuk       | 2
      """)
  void should_read_the_registry_identity_when_a_demo_officer_card_is_inserted(String profile, String citizenId,
      String thaiName, String englishName, int gender) throws Exception {
    SimulatedCardProfile expected = SimulatedCardProfiles.byName(profile);

    CardData data;
    try (ThaiIdCard card = ThaiIdCard.open(terminalWith(new SimulatedThaiIdCard(expected)))) {
      data = card.read();
    }

    assertEquals(citizenId, data.citizenId());
    assertEquals(name(thaiName), data.thaiName());
    assertEquals(name(englishName), data.englishName());
    assertEquals(gender, data.gender());
    assertEquals(expected.chipId(), data.chipId());
    assertEquals(expected.laserId(), data.laserId());
    assertTrue(data.laserId().matches("[A-Z]{2}\\d{10}"));
    assertEquals(BuddhistEraDate.parse(expected.birthDateRaw()), data.dateOfBirth());
    assertFalse(data.address().province().isEmpty());
    assertFalse(data.issuer().isEmpty());
    assertArrayEquals(expected.photo(), data.photo());
    BufferedImage photo = ImageIO.read(new ByteArrayInputStream(data.photo()));
    assertNotNull(photo, "the photo must decode as a JPEG");
    assertTrue(photo.getWidth() > 0 && photo.getHeight() > photo.getWidth());
  }

  @Test
  void should_read_the_old_chip_with_get_response_p2_01_when_the_atr_is_3b67() throws Exception {
    try (ThaiIdCard card = ThaiIdCard.open(terminalWith(new SimulatedThaiIdCard(SimulatedCardProfiles.byName("oldchip"))))) {
      assertEquals(GetResponseVariant.P2_01, card.getResponseVariant());
      assertEquals("3101700001128", card.read().citizenId());
    }
  }

  @Test
  void should_report_lifetime_and_incomplete_birth_date_when_reading_the_lifetime_card() throws Exception {
    try (ThaiIdCard card = ThaiIdCard.open(terminalWith(new SimulatedThaiIdCard(SimulatedCardProfiles.byName("lifetime"))))) {
      CardData data = card.read();
      assertTrue(data.lifetime());
      assertEquals(Optional.empty(), data.dateOfBirth());
      assertEquals("24850000", data.birthDateRaw());
    }
  }

  @Test
  void should_read_a_past_expiry_when_reading_the_expired_card() throws Exception {
    try (ThaiIdCard card = ThaiIdCard.open(terminalWith(new SimulatedThaiIdCard(SimulatedCardProfiles.byName("expired"))))) {
      assertEquals(Optional.of(LocalDate.of(2024, 1, 1)), card.read().expiryDate());
    }
  }

  @Test
  void should_verify_then_authenticate_when_the_officer_logs_in() throws Exception {
    SimulatedCardProfile profile = SimulatedCardProfiles.byName("officer");
    byte[] challenge = new byte[32];
    challenge[0] = 7;
    try (ThaiIdCard card = ThaiIdCard.open(terminalWith(new SimulatedThaiIdCard(profile)))) {
      CardData data = card.read();
      CardAccessException beforePin = assertThrows(CardAccessException.class, () -> card.authenticate(challenge));
      assertEquals(CardAccessException.Reason.PIN_REQUIRED, beforePin.reason());
      assertEquals(3, card.pinTriesRemaining());
      assertEquals(new PinResult.Wrong(2), card.verifyPin("0000".toCharArray()));
      assertEquals(new PinResult.Verified(), card.verifyPin("1234".toCharArray()));

      byte[] answer = card.authenticate(challenge);

      byte[] cardKey = SimulatedCards.cardKey(SimulatedCards.DEFAULT_ISSUER_KEY, data.citizenId(), data.chipId());
      assertArrayEquals(SimulatedCards.cryptogram(cardKey, challenge), answer);
    }
  }

  @Test
  void should_report_card_removed_when_the_card_is_pulled_out_mid_read() throws Exception {
    SimulatedTerminals terminals = new SimulatedTerminals();
    SimulatedReader reader = terminals.addReader(READER);
    reader.insert(new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer")));
    ThaiIdCard card = ThaiIdCard.open(terminals.terminalFactory().terminals().getTerminal(READER));
    reader.removeCardAfter(15);

    CardAccessException e = assertThrows(CardAccessException.class, card::read);

    assertEquals(CardAccessException.Reason.CARD_REMOVED, e.reason());
    CardAccessException again = assertThrows(CardAccessException.class, card::pinTriesRemaining);
    assertEquals(CardAccessException.Reason.CARD_REMOVED, again.reason());
    card.close();
  }

  @Test
  void should_report_no_card_when_opening_an_empty_reader() throws Exception {
    SimulatedTerminals terminals = new SimulatedTerminals();
    terminals.addReader(READER);

    CardAccessException e = assertThrows(CardAccessException.class,
        () -> ThaiIdCard.open(terminals.terminalFactory().terminals().getTerminal(READER)));

    assertEquals(CardAccessException.Reason.NO_CARD, e.reason());
  }

  @Test
  void should_accept_data_with_90_00_when_the_provider_already_answered_61xx() throws Exception {
    SimulatedTerminals jdkDefault = SimulatedTerminals.builder().automaticGetResponse(true).build();
    jdkDefault.addReader(READER).insert(new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer")));

    try (ThaiIdCard card = ThaiIdCard.open(jdkDefault.terminalFactory().terminals().getTerminal(READER))) {
      assertEquals(new PinResult.Verified(), card.verifyPin("1234".toCharArray()));
      assertEquals(32, card.authenticate(new byte[32]).length, "00 C0 00 00 from the JDK, 90 00 with data to us");
    }
  }

  @Test
  void should_fail_to_read_when_the_provider_sends_get_response_in_the_read_class() throws Exception {
    SimulatedTerminals jdkDefault = SimulatedTerminals.builder().automaticGetResponse(true).build();
    jdkDefault.addReader("old").insert(new SimulatedThaiIdCard(SimulatedCardProfiles.byName("oldchip")));
    jdkDefault.addReader("new").insert(new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer")));
    TerminalFactory factory = jdkDefault.terminalFactory();

    for (String reader : new String[] {"old", "new"}) {
      try (ThaiIdCard card = ThaiIdCard.open(factory.terminals().getTerminal(reader))) {
        CardAccessException e = assertThrows(CardAccessException.class, card::read,
            "the JDK's 80 C0 00 00 after a READ is refused: why PcscSetup turns the JDK's GET RESPONSE off");
        assertEquals(CardAccessException.Reason.COMMUNICATION, e.reason());
      }
    }
  }

  private static CardTerminal terminalWith(SimulatedThaiIdCard card) throws Exception {
    SimulatedTerminals terminals = new SimulatedTerminals();
    terminals.addReader(READER).insert(card);
    TerminalFactory factory = TerminalFactory.getInstance(SimulatedTerminals.TYPE, terminals, SimulatedTerminals.provider());
    return factory.terminals().getTerminal(READER);
  }

  private static CardData.Name name(String raw) {
    String[] parts = raw.split("#", -1);
    return new CardData.Name(parts[0], parts[1], parts[2], parts[3]);
  }
}
