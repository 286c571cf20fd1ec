package io.linkgate.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The negative control of PersonalDataScanTest: the scanner flags what it must and passes what is harmless. */
class PersonalDataScannerTest {

  static final String CID = "1101700001016";
  static final String TOKEN = "lgs_Q2F0Y2hNZUlmWW91Q2FuLVRva2VuLXRlc3Q";

  final PersonalDataScanner scanner = new PersonalDataScanner(List.of(CID), Map.of("session-token", List.of(TOKEN)),
      List.of("1234", "0917"), Set.of(8080, 5432));

  List<String> kinds(String line) {
    return scanner.scan("test", List.of(line)).stream().map(PersonalDataScanner.Finding::kind).toList();
  }

  @Test
  void should_flag_a_citizen_id_plain_dashed_or_spaced() {
    assertEquals(List.of("citizen-id"), kinds("{\"msg\":\"looked up 1101700001016\"}"));
    assertEquals(List.of("citizen-id"), kinds("{\"target\":\"1-1017-00001-01-6\"}"));
    assertEquals(List.of("citizen-id"), kinds("target=1 1017 00001 01 6"));
    assertEquals(List.of(), kinds("{\"target\":\"3101700001098\"}"), "another citizen ID is not in the list");
  }

  @Test
  void should_flag_a_token_and_a_pin_but_not_a_number_that_looks_like_one() {
    assertEquals(List.of("session-token"), kinds("Authorization: Bearer " + TOKEN));
    assertEquals(List.of("pin"), kinds("{\"pin\":\"1234\"}"));
    assertEquals(List.of("pin"), kinds("verify pin=0917 failed"));
    assertEquals(List.of(), kinds("{\"millis\":1234,\"id\":\"a0917b\",\"port\":50917,\"ratio\":0.1234,\"date\":\"2026-12-34\"}"));
  }

  @Test
  void should_flag_a_client_address_but_not_the_servers_own_listeners() {
    assertEquals(List.of("client-address"), kinds("{\"client\":\"127.0.0.1\"}"));
    assertEquals(List.of("client-address"), kinds("connection from /127.0.0.1:54321 closed"));
    assertEquals(List.of("client-address"), kinds("accepted localhost/127.0.0.1:54321"));
    assertEquals(List.of(), kinds("listening on 127.0.0.1:8080, database at 127.0.0.1:5432"));
    assertEquals(List.of(), kinds("Localhost address: localhost/127.0.0.1"));
  }

  @Test
  void should_not_repeat_the_value_it_found() {
    PersonalDataScanner.Finding f = scanner.scan("stderr", List.of("x " + CID + " y " + TOKEN)).get(0);
    assertFalse(f.toString().contains(CID) || f.toString().contains(TOKEN), f.toString());
    assertEquals("stderr:1 citizen-id: x <citizen-id> y <session-token>", f.toString());
  }
}
