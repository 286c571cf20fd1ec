package io.linkgate.cardedge.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Decoding of the card's fields from recorded bytes (TIS-620 text, Buddhist-era dates, CPLC, laser id). */
class CardFieldDecodingTest {

  private static final HexFormat HEX = HexFormat.of();

  /** "นาย#ประเสริฐ##ศักดิ์สิทธิ์" in TIS-620 (tone marks, thanthakhat), space-padded to 100 bytes. */
  private static final String THAI_NAME_FIELD = "B9D2C223BBC3D0E0CAC3D4B02323C8D1A1B4D4ECCAD4B7B8D4EC" + "20".repeat(74);
  /** "123/45##ซอยสุขุมวิท 21#ถนนสุขุมวิท##แขวงคลองเตยเหนือ#เขตวัฒนา#กรุงเทพมหานคร": no moo. */
  private static final String ADDRESS_FIELD = "3132332F34352323ABCDC2CAD8A2D8C1C7D4B720323123B6B9B9CAD8A2D8C1C7D4B72323"
      + "E1A2C7A7A4C5CDA7E0B5C2E0CBB9D7CD23E0A2B5C7D1B2B9D223A1C3D8A7E0B7BEC1CBD2B9A4C3" + "20".repeat(25);

  @Test
  void should_decode_thai_name_with_tone_marks_when_field_is_tis620() {
    CardData.Name name = CardTextFields.name(ThaiText.decode(HEX.parseHex(THAI_NAME_FIELD)));

    assertEquals(new CardData.Name("นาย", "ประเสริฐ", "", "ศักดิ์สิทธิ์"), name);
    assertEquals("นายประเสริฐ ศักดิ์สิทธิ์", name.full());
  }

  @Test
  void should_use_a_charset_that_decodes_every_thai_letter_like_tis620_when_running_on_this_jdk() {
    assertTrue(Charset.isSupported("TIS-620"), "TIS-620 must exist on JDK 17 and 25");
    Charset windows874 = Charset.forName("x-windows-874");
    for (int b = 0xA1; b <= 0xFB; b++) {
      if (b >= 0xDB && b <= 0xDE) {
        continue;
      }
      String expected = String.valueOf((char) (0x0E00 + b - 0xA0));
      byte[] single = {(byte) b};
      assertEquals(expected, new String(single, ThaiText.CHARSET), "byte " + Integer.toHexString(b));
      assertEquals(expected, new String(single, windows874), "fallback, byte " + Integer.toHexString(b));
    }
    assertNotEquals(" ", new String(new byte[] {(byte) 0xA0}, Charset.forName("x-IBM874")).strip(),
        "x-IBM874 maps 0xA0 to a tone mark: the reason it is not used");
  }

  @Test
  void should_trim_space_and_zero_padding_when_decoding_text() {
    assertEquals("Mr.#Prasert##Saksit",
        ThaiText.decode(HEX.parseHex("4D722E2350726173657274232353616B736974" + "2000002020000000")));
  }

  @Test
  void should_split_address_when_moo_is_missing() {
    CardData.Address address = CardTextFields.address(ThaiText.decode(HEX.parseHex(ADDRESS_FIELD)));

    assertEquals(new CardData.Address("123/45", "", "ซอยสุขุมวิท 21", "ถนนสุขุมวิท", "แขวงคลองเตยเหนือ", "เขตวัฒนา",
        "กรุงเทพมหานคร"), address);
  }

  @Test
  void should_keep_subdistrict_district_and_province_last_when_the_address_has_extra_or_missing_hashes() {
    assertEquals(new CardData.Address("9", "หมู่ที่ 4", "", "", "ตำบลบางพูด", "อำเภอปากเกร็ด", "จังหวัดนนทบุรี"),
        CardTextFields.address("9#หมู่ที่ 4######ตำบลบางพูด#อำเภอปากเกร็ด#จังหวัดนนทบุรี##"));
    assertEquals(new CardData.Address("9", "", "", "", "ตำบลบางพูด", "อำเภอปากเกร็ด", "จังหวัดนนทบุรี"),
        CardTextFields.address("9#ตำบลบางพูด#อำเภอปากเกร็ด#จังหวัดนนทบุรี"));
    assertEquals(new CardData.Address("", "", "", "", "", "", "กรุงเทพมหานคร"), CardTextFields.address("กรุงเทพมหานคร"));
  }

  @Test
  void should_fill_missing_name_parts_and_keep_extra_parts_when_name_is_irregular() {
    assertEquals(new CardData.Name("Mr.", "Somchai", "", ""), CardTextFields.name("Mr.#Somchai"));
    assertEquals(new CardData.Name("Mrs.", "Ann", "B", "Van Dyke"), CardTextFields.name("Mrs.#Ann#B#Van#Dyke"));
  }

  @Test
  void should_convert_buddhist_era_when_the_date_is_complete() {
    assertEquals(Optional.of(LocalDate.of(1980, 5, 14)), BuddhistEraDate.parse("25230514"));
    assertEquals(Optional.of(LocalDate.of(2024, 2, 29)), BuddhistEraDate.parse("25670229"));
  }

  @Test
  void should_give_no_date_when_day_or_month_is_00_or_the_value_is_not_a_date() {
    assertEquals(Optional.empty(), BuddhistEraDate.parse("25230000"));
    assertEquals(Optional.empty(), BuddhistEraDate.parse("25230500"));
    assertEquals(Optional.empty(), BuddhistEraDate.parse("25231301"));
    assertEquals(Optional.empty(), BuddhistEraDate.parse("25660229"));
    assertEquals(Optional.empty(), BuddhistEraDate.parse("2523 514"));
  }

  @Test
  void should_treat_expiry_as_lifetime_when_value_is_out_of_range() {
    assertEquals(Optional.empty(), BuddhistEraDate.expiry("99999999"));
    assertEquals(Optional.empty(), BuddhistEraDate.expiry("29991231"));
    assertEquals(Optional.empty(), BuddhistEraDate.expiry("25239999"));
    assertEquals(Optional.empty(), BuddhistEraDate.expiry("        "));
    assertEquals(Optional.of(LocalDate.of(2031, 6, 10)), BuddhistEraDate.expiry("25740610"));
  }

  @Test
  void should_decode_all_fields_when_given_recorded_field_bytes() throws Exception {
    Map<ThaiIdField, byte[]> fields = new EnumMap<>(ThaiIdField.class);
    fields.put(ThaiIdField.CARD_VERSION, HEX.parseHex("30303033"));
    fields.put(ThaiIdField.CITIZEN_ID, HEX.parseHex("31313031373030303031303431"));
    fields.put(ThaiIdField.THAI_NAME, HEX.parseHex(THAI_NAME_FIELD));
    fields.put(ThaiIdField.ENGLISH_NAME, HEX.parseHex("4D722E23507261736572742323" + "53616B736974" + "20".repeat(81)));
    fields.put(ThaiIdField.DATE_OF_BIRTH, HEX.parseHex("3235323330303030"));
    fields.put(ThaiIdField.GENDER, HEX.parseHex("31"));
    fields.put(ThaiIdField.REQUEST_NUMBER, HEX.parseHex("313030382D30312D303031323334353620202020"));
    fields.put(ThaiIdField.ISSUER, HEX.parseHex("B7D5E8C7E8D2A1D2C3CDD3E0C0CDBBD2A1E0A1C3E7B42FB9B9B7BAD8C3D5" + "20".repeat(70)));
    fields.put(ThaiIdField.ISSUE_DATE, HEX.parseHex("3235363630363130"));
    fields.put(ThaiIdField.EXPIRY_DATE, HEX.parseHex("3939393939393939"));
    fields.put(ThaiIdField.CARD_TYPE, HEX.parseHex("3031"));
    fields.put(ThaiIdField.ADDRESS, HEX.parseHex(ADDRESS_FIELD));
    byte[] jpeg = HEX.parseHex("FFD8FFE000104A46494600010100000100010000FFD9");
    byte[] area = new byte[5100];
    java.util.Arrays.fill(area, (byte) 0x20);
    System.arraycopy(jpeg, 0, area, 0, jpeg.length);

    CardData data = CardDataDecoder.decode(fields, area, "479051670A1B2C3D", "JT1234567890");

    assertEquals("1101700001041", data.citizenId());
    assertEquals("Saksit", data.englishName().last());
    assertEquals("ศักดิ์สิทธิ์", data.thaiName().last());
    assertEquals(Optional.empty(), data.dateOfBirth());
    assertEquals("25230000", data.birthDateRaw());
    assertEquals(1, data.gender());
    assertEquals("1008-01-00123456", data.requestNumber());
    assertEquals("ที่ว่าการอำเภอปากเกร็ด/นนทบุรี", data.issuer());
    assertEquals(LocalDate.of(2023, 6, 10), data.issueDate());
    assertTrue(data.lifetime());
    assertEquals("01", data.cardType());
    assertEquals("เขตวัฒนา", data.address().district());
    assertArrayEquals(jpeg, data.photo());
    assertEquals("CardData[redacted]", data.toString());
  }

  @Test
  void should_fail_when_issue_date_is_unreadable() {
    Map<ThaiIdField, byte[]> fields = new EnumMap<>(ThaiIdField.class);
    for (ThaiIdField field : ThaiIdField.values()) {
      fields.put(field, "0".repeat(field.length()).getBytes());
    }
    CardAccessException e = assertThrows(CardAccessException.class,
        () -> CardDataDecoder.decode(fields, new byte[10], "00", "AB0000000000"));
    assertEquals(CardAccessException.Reason.COMMUNICATION, e.reason());
  }

  @Test
  void should_take_chip_id_from_fabricator_type_and_serial_when_cplc_is_tagged_with_45_bytes() {
    String cplc = "9F7F2D" + "4790" + "5167" + "4791" + "1219" + "0300" + "2133" + "0A1B2C3D" + "0A1C" + "4812" + "2140"
        + "4790" + "2141" + "0000" + "0000" + "00000000" + "0000" + "0000" + "00000000" + "000000";

    assertEquals("479051670A1B2C3D", Cplc.chipId(HEX.parseHex(cplc)));
    assertEquals("479051670A1B2C3D", Cplc.chipId(HEX.parseHex(cplc.substring(6))));
    assertThrows(IllegalArgumentException.class, () -> Cplc.chipId(HEX.parseHex("9F7F0447905167")));
  }

  @Test
  void should_strip_padding_when_laser_id_is_read_with_le_10_or_17() {
    assertEquals("ME0123456789", LaserId.decode(HEX.parseHex("4D4530313233343536373839" + "00000000")));
    assertEquals("ME0123456789", LaserId.decode(HEX.parseHex("4D4530313233343536373839" + "00".repeat(11))));
  }

  @Test
  void should_lay_out_photo_chunks_every_ff_bytes_from_017b() {
    assertEquals(0x017B, ThaiIdField.photoChunkOffset(0));
    assertEquals(0x027A, ThaiIdField.photoChunkOffset(1));
    assertEquals(0x0379, ThaiIdField.photoChunkOffset(2));
    assertEquals(0x1468, ThaiIdField.photoChunkOffset(19));
    assertEquals(0x1579, ThaiIdField.ADDRESS.offset());
  }
}
