package io.linkgate.cardedge.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.smartcardio.CardException;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcscSetupTest {

  @Test
  void should_turn_off_the_jdk_get_response_and_point_to_the_first_library_found(@TempDir Path dir) throws Exception {
    Path second = Files.createFile(dir.resolve("libpcsclite.so.1"));
    Path third = Files.createFile(dir.resolve("other.so.1"));
    Properties properties = new Properties();

    Optional<Path> library = PcscSetup.configure(properties, List.of(dir.resolve("missing.so.1"), second, third));

    assertEquals("false", properties.getProperty(PcscSetup.T0_GET_RESPONSE));
    assertEquals("false", properties.getProperty(PcscSetup.T1_GET_RESPONSE));
    assertEquals(second.toString(), properties.getProperty(PcscSetup.LIBRARY));
    assertEquals(Optional.of(second), library);
  }

  @Test
  void should_keep_the_library_the_user_chose_and_still_set_get_response(@TempDir Path dir) throws Exception {
    Path found = Files.createFile(dir.resolve("libpcsclite.so.1"));
    Properties properties = new Properties();
    properties.setProperty(PcscSetup.LIBRARY, "/opt/pcsc/lib/libpcsclite.so.1");
    properties.setProperty(PcscSetup.T0_GET_RESPONSE, "true");

    PcscSetup.configure(properties, List.of(found));

    assertEquals("/opt/pcsc/lib/libpcsclite.so.1", properties.getProperty(PcscSetup.LIBRARY));
    assertEquals("false", properties.getProperty(PcscSetup.T0_GET_RESPONSE));
  }

  @Test
  void should_not_set_a_library_when_none_is_found() {
    Properties properties = new Properties();

    assertEquals(Optional.empty(), PcscSetup.configure(properties, List.of(Path.of("/nonexistent/libpcsclite.so.1"))));
    assertFalse(properties.containsKey(PcscSetup.LIBRARY));
  }

  @Test
  void should_look_in_the_multiarch_directories_when_on_linux() {
    assertEquals(Path.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"), PcscSetup.libraryCandidates("Linux", "amd64").get(0));
    assertEquals(Path.of("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1"), PcscSetup.libraryCandidates("Linux", "aarch64").get(0));
    assertTrue(PcscSetup.libraryCandidates("Linux", "amd64").contains(Path.of("/usr/lib64/libpcsclite.so.1")));
    assertEquals(List.of(), PcscSetup.libraryCandidates("Windows 11", "amd64"));
    assertEquals(List.of(), PcscSetup.libraryCandidates("Mac OS X", "aarch64"));
  }

  @Test
  void should_recognise_a_dead_context_when_pcsc_reports_no_service() {
    assertTrue(PcscSetup.hasDeadContextCode(new CardException("list() failed", new CardException("SCARD_E_NO_SERVICE"))));
    assertFalse(PcscSetup.hasDeadContextCode(
        new CardException("list() failed", new CardException("SCARD_E_NO_READERS_AVAILABLE"))));
  }

  @Test
  void should_report_the_outage_through_card_exceptions_when_pcsc_is_unreachable() {
    IllegalStateException cause = new IllegalStateException("SCARD_E_NO_SERVICE");
    TerminalFactory factory = UnavailableTerminals.factory("PC/SC service not available", cause);

    CardException e = assertThrows(CardException.class, () -> factory.terminals().list());
    assertSame(cause, e.getCause());
    assertThrows(CardException.class, () -> factory.terminals().waitForChange(1));
  }

  @Test
  void should_return_a_factory_without_throwing_whether_or_not_pcscd_runs() {
    PcscSetup.configure();

    TerminalFactory factory = PcscSetup.newFactory();

    assertTrue(factory.getType().equals(PcscSetup.PCSC_TYPE) || factory.getType().equals(UnavailableTerminals.TYPE));
  }
}
