package io.linkgate.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CitizenIdTest {

  @Test
  void should_accept_ids_whose_check_digit_matches() {
    // worked by hand: 1 1 0 1 7 0 0 0 0 1 0 1 -> sum = 13+12+0+10+63+0+0+0+0+4+0+2 = 104; 104 mod 11 = 5; (11-5) mod 10 = 6
    assertNull(CitizenId.problem("1101700001016"));
    assertTrue(CitizenId.isValid("3101700001098"));
  }

  @Test
  void should_reject_a_wrong_check_digit() {
    assertEquals("has a wrong check digit", CitizenId.problem("1101700001017"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "110170000101", "11017000010166", "11017000010a6", "0101700001016", " 101700001016"})
  void should_reject_malformed_ids_without_echoing_them(String text) {
    String problem = CitizenId.problem(text);
    assertFalse(problem == null);
    assertFalse(!text.isBlank() && problem.contains(text));
  }

  @Test
  void should_find_a_citizen_id_written_together_or_grouped_inside_other_text() {
    for (String text : new String[] {"3101700001098", "case-3101700001098", "2569/3101700001098/1", "3-1017-00001-09-8",
        "ref 3 1017 00001 09 8", "REF-2569-3101700001098", "x1101700001016"}) {
      assertTrue(CitizenId.appearsIn(text), text);
    }
    for (String text : new String[] {"3101700001099", "case-2026-000123", "31017000010981", "0101700001016", "",
        "0123456789abcdef0123456789abcdef", "3-1017-00001-09-9", "1234567890123456789"}) {
      assertFalse(CitizenId.appearsIn(text), text);
    }
  }

  @Test
  void should_accept_juristic_ids_starting_with_zero() {
    assertNull(CitizenId.juristicProblem(CitizenId.withCheckDigit("010553600001")));
    assertEquals("cannot start with 0", CitizenId.problem(CitizenId.withCheckDigit("010553600001")));
  }

  @Test
  void should_complete_twelve_digits_with_the_check_digit() {
    assertEquals("1101700001016", CitizenId.withCheckDigit("110170000101"));
    assertEquals(6, CitizenId.checkDigit("110170000101"));
  }

  @Test
  void should_compute_check_digit_ten_as_zero() {
    // find a prefix whose (11 - sum mod 11) is 10, so the check digit wraps to 0
    for (int n = 0; n < 1000; n++) {
      String prefix = String.format("1%011d", n);
      int sum = 0;
      for (int i = 0; i < 12; i++) {
        sum += (prefix.charAt(i) - '0') * (13 - i);
      }
      if ((11 - sum % 11) == 10) {
        assertEquals(0, CitizenId.checkDigit(prefix));
        return;
      }
    }
    throw new AssertionError("no prefix found");
  }
}
